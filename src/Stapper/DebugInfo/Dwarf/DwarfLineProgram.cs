namespace Stapper.DebugInfo.Dwarf;

public readonly record struct DwarfLineRow(
    ulong Address, int File, int Line, int Column, bool IsStmt, bool BasicBlock, bool EndSequence,
    bool PrologueEnd, bool EpilogueBegin, int Discriminator);

public sealed record DwarfLineFile(string Name, int DirectoryIndex, string Directory, ulong ModificationTime, ulong Length)
{
    /// <summary>Directory + name (name as is when absolute).</summary>
    public string Path => Name.StartsWith('/') || Directory.Length == 0 ? Name : Directory.TrimEnd('/') + "/" + Name;
}

/// <summary>A .debug_line program (DWARF 2-5): header, file table, and its rows (decoded on first access).</summary>
public sealed class DwarfLineProgram
{
    private readonly DwarfFile _file;
    private readonly ulong _programStart, _end;
    private DwarfLineRow[]? _rows;

    private DwarfLineProgram(DwarfFile file, ulong offset)
    {
        _file = file;
        Offset = offset;
        var sec = file.Line;
        var r = sec.Reader(offset);
        ulong len = r.U32();
        bool is64 = false;
        if (len == 0xffffffff) { is64 = true; len = r.U64(); }
        else if (len >= 0xfffffff0)
        {
            throw r.Error((int)offset, $"reserved line table length 0x{len:x}");
        }

        if (len > (ulong)(sec.Length - r.Position))
        {
            throw r.Error((int)offset, $"line table length 0x{len:x} past end of .debug_line");
        }

        _end = (ulong)r.Position + len;
        r = sec.Reader((ulong)r.Position, _end - (ulong)r.Position);
        Version = r.U16();
        if (Version < 2 || Version > 5)
        {
            throw r.Error(r.Position - 2, $"unsupported line table version {Version}");
        }

        if (Version >= 5)
        {
            AddressSize = r.U8();
            r.U8(); // segment selector size
        }
        ulong headerLength = is64 ? r.U64() : r.U32();
        if (headerLength > (ulong)r.Remaining)
        {
            throw r.Error("line table header length past end");
        }

        _programStart = (ulong)r.Position + headerLength;
        MinimumInstructionLength = r.U8();
        MaximumOpsPerInstruction = Version >= 4 ? r.U8() : 1;
        DefaultIsStmt = r.U8() != 0;
        LineBase = r.I8();
        LineRange = r.U8();
        if (LineRange == 0)
        {
            throw r.Error(r.Position - 1, "line_range is 0");
        }

        OpcodeBase = r.U8();
        if (OpcodeBase == 0)
        {
            throw r.Error(r.Position - 1, "opcode_base is 0");
        }

        StandardOpcodeLengths = new byte[OpcodeBase];
        for (int i = 1; i < OpcodeBase; i++)
        {
            StandardOpcodeLengths[i] = r.U8();
        }

        var dirs = new List<string>();
        var files = new List<DwarfLineFile>();
        bool is64Off = is64;
        if (Version >= 5)
        {
            var dirFormat = ReadFormat(ref r);
            ulong dirCount = r.Uleb128();
            CheckCount(ref r, dirCount, "directories");
            for (ulong i = 0; i < dirCount; i++)
            {
                var e = ReadEntry(ref r, dirFormat, is64Off);
                dirs.Add(e.path ?? "");
            }
            var fileFormat = ReadFormat(ref r);
            ulong fileCount = r.Uleb128();
            CheckCount(ref r, fileCount, "file names");
            for (ulong i = 0; i < fileCount; i++)
            {
                var e = ReadEntry(ref r, fileFormat, is64Off);
                int d = (int)Math.Min(e.dir, int.MaxValue);
                files.Add(new DwarfLineFile(e.path ?? "", d, d < dirs.Count ? dirs[d] : "", e.time, e.size));
            }
        }
        else
        {
            dirs.Add(""); // index 0: the compilation directory
            while (true)
            {
                var s = r.CString();
                if (s.Length == 0)
                {
                    break;
                }

                dirs.Add(s);
            }
            while (true)
            {
                var name = r.CString();
                if (name.Length == 0)
                {
                    break;
                }

                ulong d = r.Uleb128(), t = r.Uleb128(), l = r.Uleb128();
                int di = (int)Math.Min(d, int.MaxValue);
                files.Add(new DwarfLineFile(name, di, di < dirs.Count ? dirs[di] : "", t, l));
            }
        }
        Directories = dirs;
        Files = files;
    }

    internal static DwarfLineProgram Parse(DwarfFile file, ulong offset, DwarfUnit? unit)
    {
        var p = new DwarfLineProgram(file, offset);
        if (p.AddressSize == 0)
        {
            p.AddressSize = unit?.AddressSize ?? (file.Elf.Header.Is64 ? 8 : 4);
        }

        if (p.Version < 5 && unit is not null && p.Directories.Count > 0)
        {
            var compDir = unit.Root.StringAttr(DwAt.CompDir);
            if (compDir is not null)
            {
                var dirs = p.Directories.ToList();
                dirs[0] = compDir;
                p.Directories = dirs;
                p.Files = p.Files.Select(f => f with { Directory = f.DirectoryIndex < dirs.Count ? dirs[f.DirectoryIndex] : "" }).ToList();
            }
        }
        return p;
    }

    // Every entry holds at least its path (a string or a string offset), so a count past the bytes left is corrupt;
    // without this check an empty entry format would spin through 2^64 empty entries.
    private static void CheckCount(ref DataReader r, ulong count, string what)
    {
        if (count > (ulong)r.Remaining)
        {
            throw r.Error($"{count} {what} in {r.Remaining} bytes left of the header");
        }
    }

    private static List<(ulong type, int form)> ReadFormat(ref DataReader r)
    {
        int n = r.U8();
        var list = new List<(ulong, int)>(n);
        for (int i = 0; i < n; i++)
        {
            ulong t = r.Uleb128();
            ulong f = r.Uleb128();
            if (f > int.MaxValue)
            {
                throw r.Error($"bad form 0x{f:x} in line table entry format");
            }

            list.Add((t, (int)f));
        }
        return list;
    }

    private (string? path, ulong dir, ulong time, ulong size) ReadEntry(ref DataReader r, List<(ulong type, int form)> format, bool is64)
    {
        string? path = null;
        ulong dir = 0, time = 0, size = 0;
        foreach (var (type, form) in format)
        {
            string? s = null;
            ulong v = 0;
            int at = r.Position;
            switch (form)
            {
                case DwForm.String: s = r.CString(); break;
                case DwForm.LineStrp: s = _file.LineStr.CString(is64 ? r.U64() : r.U32()); break;
                case DwForm.Strp: s = _file.Str.CString(is64 ? r.U64() : r.U32()); break;
                case DwForm.Udata: v = r.Uleb128(); break;
                case DwForm.Data1: v = r.U8(); break;
                case DwForm.Data2: v = r.U16(); break;
                case DwForm.Data4: v = r.U32(); break;
                case DwForm.Data8: v = r.U64(); break;
                case DwForm.Data16: r.Skip(16); break;
                case DwForm.Block: r.Skip((long)Math.Min(r.Uleb128(), int.MaxValue + 1UL)); break;
                default: throw r.Error(at, $"unsupported form 0x{form:x} in line table header");
            }
            switch ((int)type)
            {
                case DwLnct.Path: path = s; break;
                case DwLnct.DirectoryIndex: dir = v; break;
                case DwLnct.Timestamp: time = v; break;
                case DwLnct.Size: size = v; break;
            }
        }
        return (path, dir, time, size);
    }

    public ulong Offset { get; }
    public int Version { get; }
    public int AddressSize { get; private set; }
    public int MinimumInstructionLength { get; }
    public int MaximumOpsPerInstruction { get; }
    public bool DefaultIsStmt { get; }
    public int LineBase { get; }
    public int LineRange { get; }
    public int OpcodeBase { get; }
    public byte[] StandardOpcodeLengths { get; }
    public IReadOnlyList<string> Directories { get; private set; }
    /// <summary>File table as stored: DWARF 5 indexes it from 0, earlier versions from 1 (see <see cref="File"/>).</summary>
    public IReadOnlyList<DwarfLineFile> Files { get; private set; }

    /// <summary>The file a row's File number names, or null.</summary>
    public DwarfLineFile? File(int index)
    {
        int i = Version >= 5 ? index : index - 1;
        return i >= 0 && i < Files.Count ? Files[i] : null;
    }

    public IReadOnlyList<DwarfLineRow> Rows => _rows ??= Run();

    /// <summary>The row in effect at <paramref name="address"/> (the last row at or below it in its sequence), or null.</summary>
    public DwarfLineRow? RowFor(ulong address)
    {
        DwarfLineRow? best = null;
        var rows = Rows;
        for (int i = 0; i + 1 < rows.Count; i++)
        {
            var r = rows[i];
            if (r.EndSequence)
            {
                continue;
            }

            var next = rows[i + 1];
            if (address >= r.Address && address < next.Address)
            {
                // Several rows can share an address: the last one before the next address wins.
                best = r;
            }
        }
        return best;
    }

    /// <summary>Statement addresses for <paramref name="line"/> of files whose path ends with <paramref name="fileSuffix"/>
    /// ("open.c", "fs/open.c"): the first is_stmt row of each run, as SystemTap's statement probes use.</summary>
    public IReadOnlyList<ulong> AddressesFor(string fileSuffix, int line)
    {
        var result = new List<ulong>();
        int lastFile = -1, lastLine = -1;
        bool lastMatched = false;
        foreach (var r in Rows)
        {
            if (r.EndSequence) { lastMatched = false; lastFile = lastLine = -1; continue; }
            bool matches = r.Line == line && r.IsStmt && File(r.File) is { } f &&
                           (f.Path.EndsWith("/" + fileSuffix, StringComparison.Ordinal) || f.Path == fileSuffix || f.Name == fileSuffix);
            if (matches && !(lastMatched && lastFile == r.File && lastLine == r.Line) && !result.Contains(r.Address))
            {
                result.Add(r.Address);
            }

            lastMatched = matches;
            lastFile = r.File;
            lastLine = r.Line;
        }
        return result;
    }

    private DwarfLineRow[] Run()
    {
        var rows = new List<DwarfLineRow>();
        var r = _file.Line.Reader(_programStart, _end - _programStart);
        ulong address = 0;
        int file = 1, line = 1, column = 0, discriminator = 0;
        bool isStmt = DefaultIsStmt, basicBlock = false, prologueEnd = false, epilogueBegin = false;
        void Reset()
        {
            address = 0; file = 1; line = 1; column = 0; discriminator = 0;
            isStmt = DefaultIsStmt; basicBlock = false; prologueEnd = false; epilogueBegin = false;
        }
        void Emit(bool end)
        {
            rows.Add(new DwarfLineRow(address, file, line, column, isStmt, basicBlock, end, prologueEnd, epilogueBegin, discriminator));
            basicBlock = false; prologueEnd = false; epilogueBegin = false; discriminator = 0;
        }
        while (!r.AtEnd)
        {
            int at = r.Position;
            byte op = r.U8();
            if (op >= OpcodeBase)
            {
                int adj = op - OpcodeBase;
                address += (ulong)(adj / LineRange * MinimumInstructionLength);
                line += LineBase + adj % LineRange;
                Emit(false);
                continue;
            }
            switch (op)
            {
                case 0:
                    {
                        ulong len = r.Uleb128();
                        if (len == 0)
                        {
                            break;
                        }

                        if (len > (ulong)r.Remaining)
                        {
                            throw r.Error(at, $"extended opcode length {len} past end of line program");
                        }

                        int start = r.Position;
                        byte sub = r.U8();
                        switch (sub)
                        {
                            case DwLne.EndSequence: Emit(true); Reset(); break;
                            case DwLne.SetAddress: address = r.UN((int)len - 1 is 4 or 8 or 2 or 1 ? (int)len - 1 : AddressSize); break;
                            case DwLne.SetDiscriminator: discriminator = (int)Math.Min(r.Uleb128(), int.MaxValue); break;
                            default: break; // define_file and vendor extensions: skipped by length
                        }
                        r.Position = start + (int)len;
                        break;
                    }
                case DwLns.Copy: Emit(false); break;
                case DwLns.AdvancePc: address += r.Uleb128() * (ulong)MinimumInstructionLength; break;
                case DwLns.AdvanceLine: line += (int)r.Sleb128(); break;
                case DwLns.SetFile: file = (int)Math.Min(r.Uleb128(), int.MaxValue); break;
                case DwLns.SetColumn: column = (int)Math.Min(r.Uleb128(), int.MaxValue); break;
                case DwLns.NegateStmt: isStmt = !isStmt; break;
                case DwLns.SetBasicBlock: basicBlock = true; break;
                case DwLns.ConstAddPc: address += (ulong)((255 - OpcodeBase) / LineRange * MinimumInstructionLength); break;
                case DwLns.FixedAdvancePc: address += r.U16(); break;
                case DwLns.SetPrologueEnd: prologueEnd = true; break;
                case DwLns.SetEpilogueBegin: epilogueBegin = true; break;
                case DwLns.SetIsa: r.Uleb128(); break;
                default:
                    for (int i = 0; i < StandardOpcodeLengths[op]; i++)
                    {
                        r.Uleb128();
                    }

                    break;
            }
        }
        return rows.ToArray();
    }
}
