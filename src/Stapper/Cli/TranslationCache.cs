using System.Collections.Immutable;
using System.Text;
using Stapper.Translate;

namespace Stapper.Cli;

/// <summary>
/// Passes 1-3 of an earlier run with the same <see cref="TranslationKey"/>: the generated module source and what those
/// passes printed on stderr, in <c>~/.cache/stapper/translations/KEY</c>. Pass 4 then looks up (or builds) the module
/// from that source as always, so the module cache's own key still decides which .ko is used.
/// </summary>
internal static class TranslationCache
{
    private const string Magic = "stapper-translation-v1";

    /// <summary>One run's passes 1-3: the files pass 2 read (path and stamp), stderr's text, the warnings it counted.</summary>
    public sealed record Entry(ImmutableArray<(string Path, string Stamp)> FilesRead, string Messages, int Warnings, ModuleSource Source);

    /// <summary>Where the entries are: <c>translations/</c> in stapper's cache directory.</summary>
    public static string Directory => Path.Combine(Installation.CacheDirectory, "translations");

    /// <summary>The entry under <paramref name="key"/> when every file it read is as it was then; else null (a miss).</summary>
    public static Entry? Load(string directory, string key)
    {
        Entry entry;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(Path.Combine(directory, key)), Encoding.UTF8);
            if (reader.ReadString() != Magic)
            {
                return null;
            }
            var files = ImmutableArray.CreateBuilder<(string, string)>();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                files.Add((reader.ReadString(), reader.ReadString()));
            }
            var messages = reader.ReadString();
            var warnings = reader.ReadInt32();
            var name = reader.ReadString();
            var runtime = reader.ReadString();
            var sources = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                sources[reader.ReadString()] = reader.ReadString();
            }
            var features = ImmutableArray.CreateBuilder<KernelFeature>();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                features.Add(new KernelFeature(reader.ReadString(), reader.ReadString(), reader.ReadString()));
            }
            entry = new Entry(files.ToImmutable(), messages, warnings, new ModuleSource(name, sources.ToImmutable(), runtime, [], features.ToImmutable()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException)
        {
            return null;
        }
        return entry.FilesRead.All(f => TranslationKey.Stamp(f.Path) == f.Stamp) ? entry : null;
    }

    /// <summary>Saves an entry (a whole file or none: written aside, then renamed); a cache that cannot be written is skipped.</summary>
    public static void Store(string directory, string key, IEnumerable<string> filesRead, string messages, int warnings, ModuleSource source)
    {
        var path = Path.Combine(directory, key);
        var temp = Build.AtomicFile.TempPath(path);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            using (var writer = new BinaryWriter(File.Create(temp), Encoding.UTF8))
            {
                writer.Write(Magic);
                var files = filesRead.Order(StringComparer.Ordinal).ToList();
                writer.Write(files.Count);
                foreach (var file in files)
                {
                    writer.Write(file);
                    writer.Write(TranslationKey.Stamp(file));
                }
                writer.Write(messages);
                writer.Write(warnings);
                writer.Write(source.ModuleName);
                writer.Write(source.RuntimeDirectory);
                writer.Write(source.Files.Count);
                foreach (var (name, text) in source.Files)
                {
                    writer.Write(name);
                    writer.Write(text);
                }
                writer.Write(source.Features.Length);
                foreach (var feature in source.Features)
                {
                    writer.Write(feature.Macro);
                    writer.Write(feature.Header);
                    writer.Write(feature.Needle);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
