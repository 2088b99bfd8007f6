namespace Stapper.DebugInfo.Elf;

/// <summary>One note (from a PT_NOTE segment or an SHT_NOTE section). Descriptor bytes are copied.</summary>
public sealed record ElfNote(string Owner, uint Type, byte[] Descriptor)
{
    public const uint GnuBuildId = 3;
    public const uint GnuAbiTag = 1;
    public const uint GnuProperty = 5;

    public bool IsBuildId => Owner == "GNU" && Type == GnuBuildId;

    internal static List<ElfNote> Parse(ReadOnlySpan<byte> data, string file, long baseOffset, bool bigEndian, ulong align)
    {
        var notes = new List<ElfNote>();
        var r = new DataReader(data, file, baseOffset, bigEndian);
        int al = align == 8 ? 8 : 4;
        while (r.Remaining >= 12)
        {
            uint namesz = r.U32();
            uint descsz = r.U32();
            uint type = r.U32();
            var name = r.Bytes(namesz);
            int pad = (int)((al - (namesz % (uint)al)) % (uint)al);
            r.Skip(Math.Min(pad, r.Remaining));
            var desc = r.Bytes(descsz);
            pad = (int)((al - (descsz % (uint)al)) % (uint)al);
            r.Skip(Math.Min(pad, r.Remaining));
            int nul = name.IndexOf((byte)0);
            var owner = System.Text.Encoding.UTF8.GetString(nul >= 0 ? name[..nul] : name);
            notes.Add(new ElfNote(owner, type, desc.ToArray()));
        }
        return notes;
    }
}
