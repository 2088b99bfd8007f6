using Stapper.DebugInfo;

namespace Stapper.Tests.DebugInfo;

/// <summary>include/linux/syscalls.h's prototypes: names, unnamed parameters, and types found under BTF's names.</summary>
public class SyscallPrototypeTests
{
    private const string Header = """
        /* comment with asmlinkage long sys_fake(int x); inside */
        asmlinkage long sys_vmsplice(int fd, const struct iovec __user *iov,
        			     unsigned long nr_segs, unsigned int flags);
        asmlinkage long sys_rt_sigaction(int, const struct sigaction __user *,
        				struct sigaction __user *, size_t);
        asmlinkage long sys_getpid(void);
        asmlinkage long sys_execve(const char __user *filename,
        		const char __user *const __user *argv, long long off);
        """;

    [Fact]
    public void DeclarationsGiveTheirParametersInOrder()
    {
        var table = SyscallPrototypes.Parse(Header);
        Assert.False(table.ContainsKey("fake"));
        Assert.Equal([("int", "fd"), ("const struct iovec *", "iov"), ("unsigned long", "nr_segs"), ("unsigned int", "flags")],
            table["vmsplice"].Parameters.ToArray());
        Assert.Equal([("int", "arg1"), ("const struct sigaction *", "arg2"), ("struct sigaction *", "arg3"), ("size_t", "arg4")],
            table["rt_sigaction"].Parameters.ToArray());
        Assert.Empty(table["getpid"].Parameters);
        Assert.Equal(("const char *const *", "argv"), table["execve"].Parameters[1]);
    }

    [Theory]
    [InlineData("unsigned long", "long unsigned int", 0)]
    [InlineData("long long", "long long int", 0)]
    [InlineData("unsigned", "unsigned int", 0)]
    [InlineData("unsigned short", "short unsigned int", 0)]
    [InlineData("const struct iovec *", "struct iovec", 1)]
    [InlineData("const char *const *", "char", 2)]
    [InlineData("size_t", "size_t", 0)]
    public void TypesAreLookedUpUnderBtfNamesWithTheirPointers(string spelling, string looked, int pointers)
    {
        var asked = new List<string>();
        var type = SyscallPrototypes.ResolveType(spelling, name => { asked.Add(name); return new PointerType(null); });
        Assert.Equal([looked], asked);
        for (var i = 0; i < pointers; i++)
        {
            Assert.Equal(TypeKind.Pointer, type!.Kind);
            Assert.IsType<PointerType>(type);
            type = type.Target;
        }
        Assert.NotNull(type);
    }

    [Fact]
    public void AnUnknownBaseIsNoType() => Assert.Null(SyscallPrototypes.ResolveType("struct nowhere *", _ => null));

    [Fact]
    public void VoidPointersNeedNoLookup()
    {
        var type = SyscallPrototypes.ResolveType("void *", _ => throw new InvalidOperationException("looked up void"));
        Assert.Equal(TypeKind.Pointer, type!.Kind);
        Assert.Null(type.Target);
    }
}
