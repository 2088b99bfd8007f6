namespace Stapper.DebugInfo.Elf;

/// <summary>One note (from a PT_NOTE segment or an SHT_NOTE section). Descriptor bytes are copied.</summary>
public sealed record ElfNote(string Owner, uint Type, byte[] Descriptor)
{
    public const uint GnuBuildId = 3;
    public const uint GnuAbiTag = 1;
    public const uint GnuProperty = 5;

    public bool IsBuildId => Owner == "GNU" && Type == GnuBuildId;

    private static int Pad(int pos, int align) => (align - pos % align) % align;

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
            // The name is padded to 4 bytes; the descriptor starts (and the next note starts) at the note alignment.
            r.Skip(Math.Min(Pad(r.Position, al), r.Remaining));
            var desc = r.Bytes(descsz);
            r.Skip(Math.Min(Pad(r.Position, al), r.Remaining));
            int nul = name.IndexOf((byte)0);
            var owner = System.Text.Encoding.UTF8.GetString(nul >= 0 ? name[..nul] : name);
            notes.Add(new ElfNote(owner, type, desc.ToArray()));
        }
        return notes;
    }
}
