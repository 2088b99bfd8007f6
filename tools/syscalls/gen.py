#!/usr/bin/env python3
"""Writes tapsets/syscalls/sys/NAME.stp: syscall.NAME and nd_syscall.NAME (with .return) for every
x86_64 system call of the installed kernels' headers.

The tapset is generated once and checked in, not generated at build time: pass 1 reads tapsets as
plain files whatever the target kernel, and which probe points exist is decided in pass 2 against
the target's BTF (each alias's probe point is optional), as stap's own tapset does. So one checked-in
set serves every kernel, and building Stapper needs no kernel headers.

Inputs: every /usr/src/linux-headers-*-amd64 tree: the syscall table
(arch/x86/include/generated/asm/syscalls_64.h) names the calls, include/linux/syscalls.h in the
matching -common tree gives each call's prototype (the newest tree wins), and formats.py gives
stap's names and argstr for the common calls. Run: python3 tools/syscalls/gen.py [OUTDIR]

An entry's `retextra` (formats.py) is a statement block the .return alias runs after it sets name, retval and
retstr: it may rename the call (stap names the return of a flagged variant after it) or replace retstr. The
call's arguments there are __syscall_ret_arg(N) and __syscall_ret_int_arg(N) (aux_return_args.stp), not the entry's
readers: at a return the wrapper's own registers no longer hold the user's frame.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from formats import FORMATS  # noqa: E402

# Calls whose prototype is in an arch file the headers do not ship (x86_64's own SYSCALL_DEFINEs).
ARCH_PROTOTYPES = {
    "mmap": "unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags, unsigned long fd, unsigned long off",
    "arch_prctl": "int option, unsigned long arg2",
    "iopl": "unsigned int level",
    "modify_ldt": "int func, void __user *ptr, unsigned long bytecount",
    "rt_sigreturn": "",
}

KEYWORDS = {"if", "else", "for", "foreach", "while", "do", "break", "continue", "return", "next",
            "delete", "global", "private", "function", "probe", "in", "try", "catch", "string", "long"}
# Variables every alias sets itself: a parameter of that name gets a suffix.
RESERVED = {"name", "argstr", "retstr", "retval"}

INT_TYPES = {"int", "pid_t", "clockid_t", "timer_t", "mqd_t", "key_serial_t", "qid_t", "key_t",
             "int32_t", "__s32", "s32"}
UINT_TYPES = {"unsigned int", "unsigned", "u32", "__u32", "uid_t", "gid_t", "old_uid_t", "old_gid_t",
              "rwf_t", "unsigned short", "uint32_t"}
ULONG_TYPES = {"unsigned long", "size_t", "u64", "__u64", "aio_context_t", "loff_t __user"}
FD_NAMES = {"fd", "dfd", "fildes", "filedes", "oldfd", "newfd", "dirfd", "olddfd", "newdfd",
            "epfd", "pidfd", "sockfd", "fd_in", "fd_out"}
STRING_PARAMS = {"filename", "pathname", "path", "oldname", "newname", "name", "specialfile",
                 "library", "dev_name", "dir_name", "type", "uargs", "oldpath", "newpath",
                 "_type", "_description", "_callout_info", "u_name", "new_root", "put_old",
                 "mnt_name", "from_pathname", "to_pathname", "special", "tmp"}


def prototypes(path):
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    found = {}
    for m in re.finditer(r"asmlinkage\s+long\s+sys_(\w+)\s*\(([^;]*?)\)\s*;", text, flags=re.S):
        found.setdefault(m.group(1), " ".join(m.group(2).split()))
    return found


def parameters(proto):
    """(type, name) per parameter of a prototype's text."""
    if proto.strip() in ("", "void"):
        return []
    out = []
    for i, p in enumerate(proto.split(",")):
        p = p.strip()
        m = re.match(r"(.*?)(\w+)\s*(\[\])?$", p)
        ctype, pname = (m.group(1).strip(), m.group(2)) if m else (p, f"arg{i + 1}")
        if not ctype:
            ctype, pname = pname, f"arg{i + 1}"
        out.append((ctype, pname))
    return out


def kind_of(ctype, pname):
    """The args kind (see formats.py) of a parameter, from its C type and name."""
    plain = ctype.replace("const ", "").replace("__user", "").strip()
    if "*" in ctype or plain.endswith("_t __user") or plain in ("cap_user_header_t", "cap_user_data_t"):
        if re.match(r"(const )?char\s*__user\s*\*$", ctype.replace("  ", " ")) and ctype.startswith("const") \
                and pname in STRING_PARAMS:
            return "s"
        return "p"
    if pname in FD_NAMES or plain in INT_TYPES:
        return "i"
    if plain == "umode_t":
        return "o"
    if plain in UINT_TYPES:
        return "u"
    if plain in ULONG_TYPES or plain.startswith("unsigned long"):
        return "z"
    return "l"


def variable(pname, kind):
    v = pname.lstrip("_") or "arg"
    if kind == "p" and not v.endswith(("uaddr", "addr", "_ptr")):
        v += "_uaddr"
    if v in RESERVED:
        v += "_str" if kind == "s" else "_val"
    if v in KEYWORDS:
        v += "_"
    return v


FORMAT_OF = {"i": "%d", "u": "%u", "o": "%#o", "l": "%d", "z": "%u", "p": "%p", "s": "%s"}
READER_OF = {"i": "__syscall_int_arg", "u": "__syscall_uint_arg", "o": "__syscall_uint_arg",
             "l": "__syscall_arg", "z": "__syscall_arg", "p": "__syscall_arg"}


def body(args, extra, argstr):
    lines = []
    shown = []
    for n, (var, kind) in enumerate(args, start=1):
        if kind == "-":
            continue
        if kind == "s":
            lines.append(f"{var}_uaddr = __syscall_arg({n})")
            lines.append(f"{var} = user_string_quoted({var}_uaddr)")
            lines.append(f"{var}_unquoted = user_string_nofault({var}_uaddr)")
        else:
            lines.append(f"{var} = {READER_OF[kind]}({n})")
        shown.append((var, kind))
    if extra:
        lines.extend(extra.split("\n"))
    if argstr is None:
        if shown:
            fmt = ", ".join(FORMAT_OF[k] for _, k in shown)
            argstr = f'"{fmt}", ' + ", ".join(v for v, _ in shown)
        else:
            argstr = '""'
    text = "".join(f"\t{line}\n" for line in lines)
    if argstr.startswith("\n"):
        return text + argstr.lstrip("\n") + "\n"
    if argstr == '""':
        return text + '\targstr = ""\n'
    return text + f"\targstr = sprintf({argstr})\n"


def alias(kernel_name, proto):
    entry = FORMATS.get(kernel_name, {})
    name = entry.get("name", kernel_name)
    if "args" in entry:
        args = [tuple(a.split(":")) for a in entry["args"].split()]
    else:
        args = [(variable(p, kind_of(t, p)), kind_of(t, p)) for t, p in parameters(proto)]
    points = ", ".join(f'kprobe.function("__x64_sys_{k}") ?' for k in [kernel_name] + entry.get("also", []))
    points = points.removesuffix(" ?")
    # A call without arguments has no pt_regs wrapper in BTF; its __do_sys_ body is the probe point.
    if not args:
        points = f'kprobe.function("__x64_sys_{kernel_name}") !, kprobe.function("__do_sys_{kernel_name}")'
    rpoints = points.replace('")', '").return')
    out = [f"// {name}: long sys_{kernel_name}({proto})", "// Generated by tools/syscalls/gen.py from formats.py; edit those, not this file.", ""]
    out.append(f"probe nd_syscall.{name} = {points} ?\n{{\n\tname = \"{name}\"\n"
               + body(args, entry.get("extra"), entry.get("argstr")) + "}\n")
    if not entry.get("noreturn"):
        retextra = "".join(f"\t{line}\n" for line in entry.get("retextra", "").strip("\n").split("\n") if line)
        out.append(f"probe nd_syscall.{name}.return = {rpoints} ?\n{{\n\tname = \"{name}\"\n"
                   f"\tretval = returnval()\n\tretstr = return_str({entry.get('ret', 1)}, retval)\n{retextra}}}\n")
    else:
        # As stap: a call that never returns has a .return that never fires, so syscall.*.return takes no suffix here.
        out.append(f"probe nd_syscall.{name}.return = never\n{{\n\tname = \"{name}\"\n\tretstr = return_str(1, 0)\n}}\n")
    out.append(f"// Without kernel debuginfo stap's dwarf flavour never applies: both spellings are one.")
    out.append(f"probe syscall.{name} = nd_syscall.{name} {{ }}")
    out.append(f"probe syscall.{name}.return = nd_syscall.{name}.return {{ }}")
    return name, "\n".join(out) + "\n"


def names_tapset(numbers):
    """The x86_64 syscall numbers' __NR_ names, as stap's syscall_name (numbers are ABI: the kernels' union)."""
    rows = "".join(f'\t[{nr}] = "{n}",\n' for nr, n in sorted(numbers.items()))
    return ("// The name of an x86_64 system call by number, as syscall_any's name shows it.\n"
            "// Generated by tools/syscalls/gen.py from the kernels' syscall tables; do not edit.\n\n"
            "%{\nstatic const char *const stp_syscall_names[] = {\n" + rows + "};\n%}\n\n"
            "function __syscall_nr_name:string(nr:long)\n"
            "%{ /* pure */ /* unprivileged */\n"
            "\tif (STAP_ARG_nr >= 0 && STAP_ARG_nr < ARRAY_SIZE(stp_syscall_names) && stp_syscall_names[STAP_ARG_nr])\n"
            "\t\tstrscpy(STAP_RETVALUE, stp_syscall_names[STAP_ARG_nr], MAXSTRINGLEN);\n"
            "\telse  /* stap: an unknown number has the empty name */\n"
            "\t\tSTAP_RETVALUE[0] = '\\0';\n"
            "%}\n\n"
            "function __syscall_nr_of:long(name:string)\n"
            "%{ /* pure */ /* unprivileged */\n"
            "\tint nr;\n"
            "\tSTAP_RETVALUE = -1;  /* stap: a name the table lacks is -1 */\n"
            "\tfor (nr = 0; nr < ARRAY_SIZE(stp_syscall_names); nr++)\n"
            "\t\tif (stp_syscall_names[nr] && !strcmp(stp_syscall_names[nr], STAP_ARG_name)) {\n"
            "\t\t\tSTAP_RETVALUE = nr;\n"
            "\t\t\tbreak;\n"
            "\t\t}\n"
            "%}\n")


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tapsets", "syscalls", "sys")
    names = set()
    protos = {}
    numbers = {}
    for tree in sorted(glob.glob("/usr/src/linux-headers-*-amd64")):
        table = open(os.path.join(tree, "arch/x86/include/generated/asm/syscalls_64.h")).read()
        for nr, kernel_name in re.findall(r"__SYSCALL(?:_NORETURN)?\((\d+), sys_(\w+)\)", table):
            names.add(kernel_name)
        unistd = open(os.path.join(tree, "arch/x86/include/generated/uapi/asm/unistd_64.h")).read()
        numbers.update((int(nr), n) for n, nr in re.findall(r"#define __NR_(\w+)\s+(\d+)", unistd))
        common = tree[: -len("-amd64")] + "-common"
        protos.update(prototypes(os.path.join(common, "include/linux/syscalls.h")))
    protos.update(ARCH_PROTOTYPES)
    names.discard("ni_syscall")
    os.makedirs(outdir, exist_ok=True)
    for old in glob.glob(os.path.join(outdir, "*.stp")):
        os.remove(old)
    missing = []
    merged = {k for entry in FORMATS.values() for k in entry.get("also", [])}
    for kernel_name in sorted(names - merged):
        if kernel_name not in protos and kernel_name not in FORMATS:
            missing.append(kernel_name)
            continue
        name, text = alias(kernel_name, protos.get(kernel_name, ""))
        with open(os.path.join(outdir, f"{name}.stp"), "w") as f:
            f.write(text)
    with open(os.path.join(outdir, "..", "names.stp"), "w") as f:
        f.write(names_tapset(numbers))
    print(f"{len(names) - len(missing)} syscalls ({len(merged)} merged into another's alias) written to {outdir}; no prototype: {' '.join(missing)}")


if __name__ == "__main__":
    main()
