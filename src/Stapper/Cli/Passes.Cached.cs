using Stapper.Translate;

namespace Stapper.Cli;

internal sealed partial class Passes
{
    /// <summary>This run's translation cache key and what passes 1-3 print, while they run (null: the cache is not used).</summary>
    private (string Key, CopiedWriter Messages, TextWriter Stderr, System.Collections.Concurrent.ConcurrentDictionary<string, byte> FilesRead)? _translation;

    /// <summary>
    /// -p4 and -p5 runs without -v (whose pass lines hold timings) and with the module cache in normal use. -v, the
    /// dumps and listings, -p1 to -p3, --disable-cache and --poison-cache always run passes 1-3.
    /// </summary>
    private bool UsesTranslationCache() =>
        invocation is { Verbosity: 0, LastPass: >= 4, Dump: null, ListProbes: null, Cache: Build.CacheUse.Normal };

    /// <summary>A hit replays what passes 1-3 printed and goes on to pass 4; a miss starts recording them (null).</summary>
    private int? TranslationFromCache(TargetKernel kernel)
    {
        if (!UsesTranslationCache() || TranslationKey.For(invocation, kernel) is not { } key)
        {
            return null;
        }
        if (TranslationCache.Load(TranslationCache.Directory, key) is { } hit)
        {
            stderr.Write(hit.Messages);
            _warningsShown = hit.Warnings;
            return BuildAndRun(hit.Source, kernel);
        }
        var messages = new CopiedWriter(stderr);
        _translation = (key, messages, stderr, DebugInfo.FilesRead.Begin());
        stderr = messages;
        return null;
    }

    /// <summary>After pass 3: the entry for the next run, unless duplicates were counted (stap prints their summary at the end).</summary>
    private void SaveTranslation(ModuleSource source)
    {
        if (_translation is not { } t)
        {
            return;
        }
        stderr = t.Stderr;
        if (_duplicates.SuppressedErrors == 0 && _duplicates.SuppressedWarnings == 0)
        {
            TranslationCache.Store(TranslationCache.Directory, t.Key, t.FilesRead.Keys, t.Messages.Text, _warningsShown, source);
        }
    }
}
