using System.Buffers.Binary;
using System.Text;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>
/// One <c>sys/sdt.h</c> marker from <c>.note.stapsdt</c>: where it is (as a file offset for the uprobe), its
/// semaphore's file offset (0 when it has none; the kernel counts it up while probed, uprobe's ref_ctr_offset),
/// and its argument specifications ("-4@%eax 8@-16(%rbp)").
/// </summary>
public sealed record SdtNote(string Provider, string Name, ulong Address, ulong FileOffset, ulong SemaphoreOffset, IReadOnlyList<string> Arguments)
{
    private const uint NoteType = 3;

    internal static List<SdtNote> Read(ElfFile elf, IReadOnlyList<ElfSegment> loads)
    {
        var result = new List<SdtNote>();
        if (elf.Section(".note.stapsdt") is not { } section || !elf.Header.Is64)
        {
            return result;
        }
        // A prelinked or moved file: .stapsdt.base's actual address against the one the note recorded.
        var actualBase = elf.Section(".stapsdt.base")?.Address;
        foreach (var note in Notes(elf, section))
        {
            var d = note.Descriptor;
            if (note.Owner != "stapsdt" || note.Type != NoteType || d.Length < 24)
            {
                continue;
            }
            var pc = BinaryPrimitives.ReadUInt64LittleEndian(d);
            var recordedBase = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(8));
            var semaphore = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(16));
            if (actualBase is { } a && recordedBase != 0)
            {
                pc += a - recordedBase;
            }
            var texts = Encoding.UTF8.GetString(d, 24, d.Length - 24).Split('\0');
            if (texts.Length < 2 || UserBinary.FileOffset(loads, pc) is not { } offset)
            {
                continue;
            }
            var args = texts.Length > 2 && texts[2].Length > 0 ? texts[2].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            var semaphoreOffset = semaphore == 0 ? 0 : UserBinary.FileOffset(loads, semaphore) ?? 0;
            result.Add(new SdtNote(texts[0], texts[1], pc, offset, semaphoreOffset, args));
        }
        return result;
    }

    private static IEnumerable<ElfNote> Notes(ElfFile elf, ElfSection section) =>
        ElfNote.Parse(elf.RawData(section), elf.Name, (long)section.Offset, elf.BigEndian, section.AddressAlign);
}
