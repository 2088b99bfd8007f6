using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Stapper.DebugInfo;

/// <summary>One <c>asmlinkage long sys_NAME(...)</c> of include/linux/syscalls.h: its parameters' C types and names.</summary>
public sealed record SyscallDeclaration(string Name, ImmutableArray<(string Type, string Name)> Parameters);

/// <summary>
/// The system calls' prototypes as the kernel's headers declare them (include/linux/syscalls.h), for the parameters
/// of a syscall wrapper (<c>__x64_sys_NAME</c>, whose only BTF parameter is the user's pt_regs) when BTF has no
/// <c>__do_sys_NAME</c> (the compiler inlined it). A parameter the header leaves unnamed is argN.
/// </summary>
public static partial class SyscallPrototypes
{
    public static IReadOnlyDictionary<string, SyscallDeclaration> Parse(string text)
    {
        text = Comments().Replace(text, " ");
        var found = new Dictionary<string, SyscallDeclaration>(StringComparer.Ordinal);
        foreach (Match m in Declaration().Matches(text))
        {
            var list = Regex.Replace(m.Groups[2].Value, @"\s+", " ").Trim();
            var parameters = ImmutableArray.CreateBuilder<(string, string)>();
            if (list is not ("" or "void"))
            {
                var parts = list.Split(',');
                for (var i = 0; i < parts.Length; i++)
                {
                    parameters.Add(Split(parts[i].Trim(), i + 1));
                }
            }
            found.TryAdd(m.Groups[1].Value, new SyscallDeclaration(m.Groups[1].Value, parameters.ToImmutable()));
        }
        return found;
    }

    /// <summary>The declarations of a release's headers, or an empty table when it has none.</summary>
    public static IReadOnlyDictionary<string, SyscallDeclaration> Of(string release, string modulesDir = "/lib/modules") =>
        KernelHeaders.Find(release, Path.Combine("include", "linux", "syscalls.h"), modulesDir) is { } path
            ? Parse(File.ReadAllText(path))
            : new Dictionary<string, SyscallDeclaration>();

    /// <summary>"const char __user *filename" is ("const char *", "filename"); "size_t" alone is ("size_t", "argN").</summary>
    private static (string Type, string Name) Split(string parameter, int number)
    {
        var text = Regex.Replace(parameter, @"\b__user\b|\b__force\b", " ");
        text = Regex.Replace(text, @"\s+", " ").Trim();
        var m = TrailingName().Match(text);
        if (m.Success && !TypeWord().IsMatch(m.Groups[2].Value) && m.Groups[1].Value.Trim().Length > 0)
        {
            return (m.Groups[1].Value.Trim(), m.Groups[2].Value);
        }
        return (text, "arg" + number);
    }

    /// <summary>
    /// The type a parameter's C spelling names: qualifiers dropped, the base found by <paramref name="named"/> under
    /// its BTF name ("unsigned long" is "long unsigned int"), one pointer per '*'; null when the base is unknown.
    /// </summary>
    public static TypeInfo? ResolveType(string spelling, Func<string, TypeInfo?> named)
    {
        var stars = spelling.Count(c => c == '*');
        var words = spelling.Replace("*", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("const" or "volatile" or "restrict")).ToList();
        var baseName = string.Join(' ', words);
        TypeInfo? type = baseName == "void" ? null : named(BtfIntegerName(words) ?? baseName);
        if (type is null && baseName != "void")
        {
            return null;
        }
        for (var i = 0; i < stars; i++)
        {
            type = new PointerType(type);
        }
        return type ?? new PointerType(null);
    }

    /// <summary>GCC's names for C's integer spellings, which BTF keeps ("long unsigned int"); null for other names.</summary>
    private static string? BtfIntegerName(List<string> words)
    {
        if (words.Count == 0 || words.Any(w => w is not ("unsigned" or "signed" or "int" or "long" or "short" or "char")))
        {
            return null;
        }
        var unsigned = words.Contains("unsigned");
        var longs = words.Count(w => w == "long");
        if (words.Contains("char"))
        {
            return unsigned ? "unsigned char" : words.Contains("signed") ? "signed char" : "char";
        }
        var size = words.Contains("short") ? "short " : longs == 2 ? "long long " : longs == 1 ? "long " : "";
        return size.Length == 0 ? (unsigned ? "unsigned int" : "int") : size + (unsigned ? "unsigned int" : "int");
    }

    [GeneratedRegex(@"\basmlinkage\s+long\s+sys_(\w+)\s*\(([^)]*)\)\s*;")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^(.*?[\s*])(\w+)$")]
    private static partial Regex TrailingName();

    [GeneratedRegex(@"^(int|long|short|char|unsigned|signed|void|const|size_t|u32|u64|s32|s64|__u32|__u64|__s32|__s64|umode_t|pid_t|uid_t|gid_t|off_t|loff_t|key_serial_t|qid_t|rwf_t|aio_context_t|timer_t|clockid_t|mqd_t|old_uid_t|old_gid_t|caddr_t|__kernel_old_time_t)$")]
    private static partial Regex TypeWord();

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comments();
}

/// <summary>A pointer the headers spell and BTF may not have as a type of its own (BTF has only the pointers used).</summary>
public sealed class PointerType(TypeInfo? target) : TypeInfo
{
    private static long _next = -1;
    private readonly long _id = Interlocked.Decrement(ref _next);

    public override TypeKind Kind => TypeKind.Pointer;
    public override string Name => "";
    public override ulong Size => 8;
    public override TypeInfo? Target => target;
    public override IReadOnlyList<MemberInfo> Members => [];
    public override IReadOnlyList<EnumeratorInfo> Enumerators => [];
    public override IReadOnlyList<ParameterInfo> Parameters => [];
    public override bool IsVariadic => false;
    public override ulong ElementCount => 0;
    public override bool IsSigned => false;
    public override bool IsUnionForward => false;
    public override long Id => _id;
}
