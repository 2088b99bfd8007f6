"""Session 19 (worktree sysret): faccessat2's argstr as stap 4.8 shows it. The return blocks (retextra) this
session added to gen.py are used in the entries they belong to (formats_net.py, formats_files.py,
formats_proc.py)."""

FORMATS = {
    # faccessat's successor with a flags word, decoded by name (aux_sysret.stp's _faccessat2_flags_str).
    "faccessat2": dict(args="dirfd:i pathname:s mode:i flags:i",
                       extra="dirfd_str = _dfd_str(dirfd)\nmode_str = _access_mode_str(mode)\n"
                             "flags_str = _faccessat2_flags_str(flags)",
                       argstr='"%s, %s, %s, %s", dirfd_str, pathname, mode_str, flags_str'),
}
