namespace Stapper.Cli;

/// <summary>--help, -V and the short hint stap prints after a command-line error.</summary>
public static class Usage
{
    public static void Hint(TextWriter stderr)
    {
        stderr.WriteLine("Try '--help' for more information. [man stap]");
        stderr.WriteLine("A message like [man foo] means for more info, run % man foo");
    }

    public static void Version(TextWriter stdout)
    {
        stdout.WriteLine($"Stapper translator/driver (version {Installation.Version}, SystemTap 5.2 language)");
        stdout.WriteLine("This is free software; see the source for copying conditions.");
        stdout.WriteLine("enabled features: BTF VM");
    }

    public static void Full(TextWriter stdout)
    {
        Version(stdout);
        stdout.WriteLine("""

Usage: stapper [options] FILE                    Run script in file.
   or: stapper [options] -e SCRIPT               Run given script.
   or: stapper [options] FILE.stp ARGS...        Run script with arguments ($1/@1, argv).

Options (as stap's):
   --         end of translator options, script options follow
   -h --help  show help
   -V --version  show version
   -p NUM     stop after pass NUM 1-5 (1 parse, 2 elaborate, 3 translate, 4 compile, 5 run)
   -v         add verbosity to all passes
   -k         keep temporary directory
   -g         guru mode: allow embedded C in the script
   -I DIR     look in DIR for additional .stp script files
   -D NM=VAL  emit macro definition into generated C code
   -r DIR|KVER  cross-compile for the kernel in build tree DIR or of release KVER
   -m MODULE  set probe module name
   -o FILE    send script output to file
   -c CMD     start the probes, run CMD, and exit when it finishes (target() is its pid)
   -x PID     sets target() to PID
   -s NUM     buffer size in megabytes
   -T TIME    terminate the script after TIME seconds
   -w         suppress warnings
   -e SCRIPT  run given script instead of a script file
Stapper's own:
   --vm[=KVER]  run pass 5 in a throwaway QEMU guest of an installed kernel (default: newest with headers)
""");
    }
}
