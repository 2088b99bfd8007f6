using System.Diagnostics;
using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Btf;
using Stapper.DebugInfo.Dwarf;

// One measurement per process so peak RSS belongs to that measurement alone.
// Usage: debuginfo-bench btf-index FILE | btf-lookup FILE | dwarf-index FILE | dwarf-lookup FILE | btf-path KVER
// Prints "key value" lines (ms, KiB) on stdout.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: debuginfo-bench btf-index|btf-lookup|dwarf-index|dwarf-lookup FILE | btf-path KVER");
    return 2;
}
string file = args[1];
var inv = CultureInfo.InvariantCulture;
void Report(string key, double value) => Console.WriteLine(string.Create(inv, $"{key} {value:0.###}"));
double Ms(Stopwatch sw) => sw.Elapsed.TotalMilliseconds;

switch (args[0])
{
    case "btf-path":
        // The vmlinux BTF that pass 2 reads for KVER (extracted from /boot/vmlinuz-KVER once, then cached).
        Console.WriteLine(KernelDebugInfo.CachedVmlinuzBtf(file, $"/boot/vmlinuz-{file}"));
        break;
    case "btf-index":
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using var btf = BtfFile.Open(file);
            _ = btf.FindFirst("task_struct", BtfKind.Struct); // forces the name index
            Report("btf_index_ms", Ms(sw));
            Report("btf_index_cpu_ms", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            Report("btf_types", btf.TypeCount);
            break;
        }
    case "btf-lookup":
        {
            using var btf = BtfFile.Open(file);
            var k = new ModuleDebugInfo("kernel", btf);
            // Warm-up on other names so the figures below are lookups, not the JIT compiling the code (make build is AOT).
            _ = k.Function("vfs_fsync")!.ToString();
            foreach (var m in k.Struct("cred")!.Members)
            {
                _ = m.Type.CName;
            }
            // Cold lookups of things not asked before: each a distinct name.
            string[] funcs = ["vfs_read", "vfs_write", "do_sys_open", "tcp_sendmsg", "schedule", "kmalloc_trace", "ksys_read", "filp_close"];
            string[] structs = ["file", "dentry", "inode", "sk_buff", "mm_struct", "super_block", "sock", "page"];
            var fn = new List<double>();
            foreach (var f in funcs)
            {
                var sw = Stopwatch.StartNew();
                var fi = k.Function(f) ?? throw new InvalidOperationException(f);
                _ = fi.ToString();
                fn.Add(Ms(sw));
            }
            var st = new List<double>();
            foreach (var s in structs)
            {
                var sw = Stopwatch.StartNew();
                var t = k.Struct(s) ?? throw new InvalidOperationException(s);
                foreach (var m in t.Members)
                {
                    _ = m.Type.CName;
                }

                st.Add(Ms(sw));
            }
            var tsw = Stopwatch.StartNew();
            var ts = k.Struct("task_struct")!;
            foreach (var m in ts.Members)
            {
                _ = m.Type.CName;
            }

            _ = ts.FindMember("pid");
            Report("task_struct_layout_ms", Ms(tsw));
            Report("function_prototype_ms_median", Median(fn));
            Report("function_prototype_ms_max", fn.Max());
            Report("struct_layout_ms_median", Median(st));
            Report("struct_layout_ms_max", st.Max());
            break;
        }
    case "dwarf-index":
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using var d = DwarfFile.Open(file);
            var f = d.FunctionsMatching("vfs_read").First();
            Report("dwarf_function_index_ms", Ms(sw));
            Report("dwarf_function_index_cpu_ms", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            Console.WriteLine($"vfs_read_low_pc 0x{f.LowPc ?? 0:x}");
            ReportMemory();
            break;
        }
    case "dwarf-lookup":
        {
            using var d = DwarfFile.Open(file);
            _ = d.FunctionsMatching("vfs_read").First();
            var sw = Stopwatch.StartNew();
            var f = d.FunctionsMatching("vfs_write").First();
            _ = f.ToString();
            Report("dwarf_function_prototype_ms", Ms(sw));
            sw.Restart();
            var t = d.FindType("struct task_struct")!;
            Report("dwarf_type_index_ms", Ms(sw));
            sw.Restart();
            foreach (var m in t.Members)
            {
                _ = m.Type.CName;
            }

            Report("dwarf_task_struct_layout_ms", Ms(sw));
            ReportMemory();
            break;
        }
    default:
        Console.Error.WriteLine($"unknown measurement {args[0]}");
        return 2;
}
return 0;

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s[s.Count / 2];
}

void ReportMemory()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        var parts = line.Split(':', 2);
        if (parts[0] is "VmHWM" or "RssAnon" or "RssFile")
        {
            Report(parts[0] + "_kib", double.Parse(parts[1].Trim().Split(' ')[0], inv));
        }
    }
    Report("managed_heap_kib", GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0);
    Report("file_kib", new FileInfo(file).Length / 1024.0);
}
