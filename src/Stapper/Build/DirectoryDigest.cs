using System.Text;

namespace Stapper.Build;

/// <summary>A directory's files by content, into a cache key: the module cache's (the runtime) and the translation cache's
/// (templates and runtime) hash them the same way.</summary>
internal static class DirectoryDigest
{
    /// <summary>Each file under <paramref name="directory"/>, in ordinal order: its relative name, then its bytes. Nothing
    /// when the directory is missing.</summary>
    public static void Append(Sha256 sha, string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.Append(Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, file)));
            sha.Append([0]);
            sha.Append(File.ReadAllBytes(file));
        }
    }
}
