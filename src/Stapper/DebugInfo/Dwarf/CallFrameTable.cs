namespace Stapper.DebugInfo.Dwarf;

/// <summary>
/// One row of an unwind table: from link-time address Start on (to the next row), the caller's frame is found as
/// x86_64 code needs it: CFA = register CfaRegister (7 rsp, 6 rbp) + CfaOffset, the return address at CFA-8 and,
/// when RbpSaved, the caller's rbp at CFA+RbpOffset. Unknown rows (no FDE, or a rule the walker cannot follow:
/// a CFA expression, another register) end a backtrace there; Outermost rows (return address undefined) too.
/// </summary>
public readonly record struct CallFrameRow(ulong Start, byte CfaRegister, int CfaOffset, bool RbpSaved, short RbpOffset, bool Unknown, bool Outermost);

/// <summary>
/// A file's .eh_frame (else .debug_frame) CFI run to compact rows sorted by address, for the run-time user-space
/// walker (runtime/stp_uunwind.h): only what a frame-pointer-free x86_64 walk needs, the CFA, the return address
/// and rbp. Instructions follow DWARF 5 section 6.4.2; pointer encodings those of the LSB's .eh_frame.
/// </summary>
public static class CallFrameTable
{
    private const int Rsp = 7, Rbp = 6, ReturnColumn = 16;

    public static IReadOnlyList<CallFrameRow> Read(Elf.ElfFile elf)
    {
        var rows = new List<CallFrameRow>();
        if (elf.Section(".eh_frame") is { } eh && eh.HasFileData)
        {
            ReadSection(elf.SectionData(eh).Span, eh.Address, eh: true, elf.Name, rows);
        }
        else if (elf.Section(".debug_frame") is { } debug && debug.HasFileData)
        {
            ReadSection(elf.SectionData(debug).Span, 0, eh: false, elf.Name, rows);
        }
        return Compact(rows);
    }

    /// <summary>A relocatable file's (a kernel module's) .debug_frame, its relocations applied, only the FDEs of the code
    /// section with index <paramref name="section"/>: each section starts at 0, so FDEs of others overlap its addresses.</summary>
    public static IReadOnlyList<CallFrameRow> ReadRelocatable(Elf.ElfFile elf, uint section)
    {
        var rows = new List<CallFrameRow>();
        if (elf.Section(".debug_frame") is { } debug && debug.HasFileData)
        {
            var targets = Elf.ElfRelocations.TargetSections(elf, debug);
            ReadSection(Elf.ElfRelocations.RelocatedSectionData(elf, debug).Span, 0, eh: false, elf.Name, rows,
                at => targets.TryGetValue((ulong)at, out var s) && s == section);
        }
        return Compact(rows);
    }

    /// <summary>The row in force at <paramref name="pc"/> in <paramref name="rows"/> (sorted, as <see cref="Read"/> gives
    /// them); null where no FDE covers it or its rule is one the walker cannot follow.</summary>
    public static CallFrameRow? At(IReadOnlyList<CallFrameRow> rows, ulong pc)
    {
        int lo = 0, hi = rows.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (rows[mid].Start <= pc)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found >= 0 && !rows[found].Unknown ? rows[found] : null;
    }

    private sealed record Cie(ulong CodeAlign, long DataAlign, byte PointerEncoding, bool Augmented, byte[] Initial);

    /// <summary><paramref name="inSection"/>, given the offset of an FDE's address field: read that FDE (its address may be 0);
    /// null: every FDE, but none at address 0 (a linked file's discarded code).</summary>
    private static void ReadSection(ReadOnlySpan<byte> data, ulong sectionAddress, bool eh, string file, List<CallFrameRow> rows,
        Func<int, bool>? inSection = null)
    {
        var cies = new Dictionary<long, Cie>();
        var r = new DataReader(data, file);
        while (r.Remaining >= 4)
        {
            var start = r.Position;
            long length = r.U32();
            if (length == 0)
            {
                if (eh)
                {
                    break;
                }
                continue;
            }
            var wide = length == 0xffffffff;
            if (wide)
            {
                length = r.I64();
            }
            var idAt = r.Position;
            if (length > r.Remaining)
            {
                break;
            }
            var end = idAt + (int)length;
            long id = wide ? r.I64() : r.U32();
            var isCie = eh ? id == 0 : id == (wide ? -1 : 0xffffffff);
            if (isCie)
            {
                cies[start] = ReadCie(ref r, end);
            }
            else
            {
                var cieAt = eh ? idAt - id : id;
                if (!cies.TryGetValue(cieAt, out var cie))
                {
                    var c = new DataReader(data, file) { Position = (int)cieAt };
                    var cieLength = (long)c.U32();
                    var cieEnd = c.Position + (int)cieLength;
                    c.Skip(4);
                    cie = cies[cieAt] = ReadCie(ref c, cieEnd);
                }
                if (inSection is null || inSection(r.Position))
                {
                    ReadFde(ref r, end, cie, sectionAddress, eh, rows, zeroStart: inSection is not null);
                }
            }
            r.Position = end;
        }
    }

    private static Cie ReadCie(ref DataReader r, int end)
    {
        var version = r.U8();
        var augmentation = r.CString();
        if (augmentation.Contains("eh", StringComparison.Ordinal))
        {
            r.Skip(8);
        }
        if (version >= 4)
        {
            r.Skip(2); // address size, segment selector size
        }
        var codeAlign = r.Uleb128();
        var dataAlign = r.Sleb128();
        _ = version == 1 ? r.U8() : r.Uleb128();
        byte encoding = 0;
        var augmented = augmentation.StartsWith('z');
        if (augmented)
        {
            var augLength = (int)r.Uleb128();
            var augEnd = r.Position + augLength;
            foreach (var ch in augmentation.AsSpan(1))
            {
                switch (ch)
                {
                    case 'R':
                        encoding = r.U8();
                        break;
                    case 'L':
                        r.U8();
                        break;
                    case 'P':
                        var personality = r.U8();
                        ReadEncoded(ref r, personality, 0);
                        break;
                }
            }
            r.Position = augEnd;
        }
        return new Cie(codeAlign, dataAlign, encoding, augmented, r.Bytes(end - r.Position).ToArray());
    }

    private static void ReadFde(ref DataReader r, int end, Cie cie, ulong sectionAddress, bool eh, List<CallFrameRow> rows, bool zeroStart)
    {
        var fieldAddress = sectionAddress + (ulong)r.Position;
        var begin = eh ? ReadEncoded(ref r, cie.PointerEncoding, fieldAddress) : r.U64();
        var range = eh ? ReadEncoded(ref r, (byte)(cie.PointerEncoding & 0x0f), 0) : r.U64();
        if (cie.Augmented)
        {
            r.Skip((long)r.Uleb128());
        }
        if (begin == 0 && !zeroStart || range == 0)
        {
            return;
        }
        var state = new FrameState();
        var initial = new DataReader(cie.Initial, r.File);
        Execute(ref initial, cie, sectionAddress, ref state, null, initialState: null);
        var saved = state;
        state.Location = begin;
        var body = new DataReader(r.Bytes(end - r.Position), r.File);
        var first = rows.Count;
        Execute(ref body, cie, sectionAddress, ref state, rows, saved);
        rows.Add(state.Row());
        // an advance to the FDE's end (or past it) leaves a row that covers none of its addresses
        for (var i = rows.Count - 1; i >= first && rows[i].Start >= begin + range; i--)
        {
            rows.RemoveAt(i);
        }
        rows.Add(new CallFrameRow(begin + range, 0, 0, false, 0, Unknown: true, Outermost: false));
    }

    private struct FrameState
    {
        public ulong Location;
        public int CfaRegister;
        public long CfaOffset;
        public bool CfaUnknown;
        public Rule SavedRbp, ReturnAddress;

        public readonly CallFrameRow Row()
        {
            var unknown = CfaUnknown || CfaRegister is not (Rsp or Rbp) || CfaOffset is < int.MinValue or > int.MaxValue
                || ReturnAddress.Kind is not (RuleKind.Offset or RuleKind.Undefined) || (ReturnAddress.Kind == RuleKind.Offset && ReturnAddress.Offset != -8)
                || SavedRbp.Kind is not (RuleKind.Same or RuleKind.Offset) || SavedRbp.Offset is < short.MinValue or > short.MaxValue;
            return new CallFrameRow(Location, (byte)CfaRegister, (int)CfaOffset, SavedRbp.Kind == RuleKind.Offset, (short)SavedRbp.Offset, unknown,
                ReturnAddress.Kind == RuleKind.Undefined);
        }
    }

    private enum RuleKind { Same, Offset, Undefined, Other }

    private readonly record struct Rule(RuleKind Kind, long Offset);

    /// <summary>Runs CFA instructions, adding the row in force before each advance to <paramref name="output"/> (null for a CIE's).</summary>
    private static void Execute(ref DataReader r, Cie cie, ulong sectionAddress, ref FrameState state, List<CallFrameRow>? output,
        FrameState? initialState)
    {
        var stack = new Stack<FrameState>();
        var da = cie.DataAlign;
        while (!r.AtEnd)
        {
            var op = r.U8();
            var low = op & 0x3f;
            switch (op >> 6)
            {
                case 1:
                    Advance(ref state, state.Location + (ulong)low * cie.CodeAlign, output);
                    continue;
                case 2:
                    SetRule(ref state, low, new Rule(RuleKind.Offset, (long)r.Uleb128() * da));
                    continue;
                case 3:
                    Restore(ref state, low, initialState);
                    continue;
            }
            switch (op)
            {
                case 0x00:
                    break;
                case 0x01:
                    Advance(ref state, ReadEncoded(ref r, cie.PointerEncoding, sectionAddress), output);
                    break;
                case 0x02:
                    Advance(ref state, state.Location + r.U8() * cie.CodeAlign, output);
                    break;
                case 0x03:
                    Advance(ref state, state.Location + r.U16() * cie.CodeAlign, output);
                    break;
                case 0x04:
                    Advance(ref state, state.Location + r.U32() * cie.CodeAlign, output);
                    break;
                case 0x05:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Offset, (long)r.Uleb128() * da));
                    break;
                case 0x06:
                    Restore(ref state, (int)r.Uleb128(), initialState);
                    break;
                case 0x07:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Undefined, 0));
                    break;
                case 0x08:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Same, 0));
                    break;
                case 0x09:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Other, 0));
                    r.Uleb128();
                    break;
                case 0x0a:
                    stack.Push(state);
                    break;
                case 0x0b:
                    if (stack.Count > 0)
                    {
                        var location = state.Location;
                        state = stack.Pop();
                        state.Location = location;
                    }
                    break;
                case 0x0c:
                    state.CfaRegister = (int)r.Uleb128();
                    state.CfaOffset = (long)r.Uleb128();
                    state.CfaUnknown = false;
                    break;
                case 0x0d:
                    state.CfaRegister = (int)r.Uleb128();
                    break;
                case 0x0e:
                    state.CfaOffset = (long)r.Uleb128();
                    break;
                case 0x0f:
                    r.Skip((long)r.Uleb128());
                    state.CfaUnknown = true;
                    break;
                case 0x10 or 0x16:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Other, 0));
                    r.Skip((long)r.Uleb128());
                    break;
                case 0x11:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Offset, r.Sleb128() * da));
                    break;
                case 0x12:
                    state.CfaRegister = (int)r.Uleb128();
                    state.CfaOffset = r.Sleb128() * da;
                    state.CfaUnknown = false;
                    break;
                case 0x13:
                    state.CfaOffset = r.Sleb128() * da;
                    break;
                case 0x14:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Other, 0));
                    r.Uleb128();
                    break;
                case 0x15:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Other, 0));
                    r.Sleb128();
                    break;
                case 0x2e:
                    r.Uleb128();
                    break;
                case 0x2f:
                    SetRule(ref state, (int)r.Uleb128(), new Rule(RuleKind.Offset, -(long)r.Uleb128() * da));
                    break;
                default:
                    // An unknown opcode: nothing after it can be trusted, so the rest of the range is unknown.
                    state.CfaUnknown = true;
                    return;
            }
        }
    }

    private static void Advance(ref FrameState state, ulong to, List<CallFrameRow>? output)
    {
        output?.Add(state.Row());
        state.Location = to;
    }

    private static void SetRule(ref FrameState state, int register, Rule rule)
    {
        if (register == Rbp)
        {
            state.SavedRbp = rule;
        }
        else if (register == ReturnColumn)
        {
            state.ReturnAddress = rule;
        }
    }

    private static void Restore(ref FrameState state, int register, FrameState? initial)
    {
        if (initial is { } i)
        {
            SetRule(ref state, register, register == Rbp ? i.SavedRbp : register == ReturnColumn ? i.ReturnAddress : default);
        }
    }

    /// <summary>A DW_EH_PE-encoded pointer; pc-relative ones from <paramref name="fieldAddress"/> (the field's own address).</summary>
    private static ulong ReadEncoded(ref DataReader r, byte encoding, ulong fieldAddress)
    {
        if (encoding == 0xff)
        {
            return 0;
        }
        var at = fieldAddress;
        ulong value = (encoding & 0x0f) switch
        {
            0x00 => r.U64(),
            0x01 => r.Uleb128(),
            0x02 => r.U16(),
            0x03 => r.U32(),
            0x04 => r.U64(),
            0x09 => (ulong)r.Sleb128(),
            0x0a => (ulong)(long)r.I16(),
            0x0b => (ulong)(long)r.I32(),
            0x0c => (ulong)r.I64(),
            _ => throw r.Error($"pointer encoding 0x{encoding:x2} not supported"),
        };
        return (encoding & 0x70) == 0x10 ? value + at : value;
    }

    /// <summary>Sorted by address; a row replaced by a later one at the same address, and repeats of the row before merged.</summary>
    private static List<CallFrameRow> Compact(List<CallFrameRow> rows)
    {
        var byStart = new SortedDictionary<ulong, CallFrameRow>();
        foreach (var row in rows)
        {
            // An FDE's end marker does not replace the first row of the FDE that starts there.
            if (row.Unknown && byStart.TryGetValue(row.Start, out var existing) && !existing.Unknown)
            {
                continue;
            }
            byStart[row.Start] = row;
        }
        var result = new List<CallFrameRow>();
        foreach (var row in byStart.Values)
        {
            if (result.Count > 0 && Same(result[^1], row))
            {
                continue;
            }
            result.Add(row);
        }
        return result;
    }

    private static bool Same(CallFrameRow a, CallFrameRow b) =>
        a.Unknown && b.Unknown || !a.Unknown && !b.Unknown && a with { Start = b.Start } == b;
}
