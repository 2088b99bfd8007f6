# livepatch.stp's target: reads the switches, pings with the band-aid on, off and on again, and reads the
# metrics (run time masked); the module's directory is the only one under /proc/systemtap.
cd /proc/systemtap/*/ || exit 1
cat cve_enabled_p cve_fix_p cve_tmpdisabled_s
echo 1 > ping
echo 0 > cve_enabled_p
echo 2 > ping
cat cve_enabled_p
echo 1 > cve_enabled_p
echo 0 > cve_trace_p
echo 3 > ping
echo 4 > ping
sed 's/\(metric="runtime"}\) [0-9]*/\1 N/' __prometheus
