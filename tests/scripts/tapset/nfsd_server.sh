# An NFSv4 server in the guest without nfs-utils: nfsd.ko, its caches filled by hand (what mountd would
# answer), a tmpfs exported as the v4 root, and the kernel's own client mounting it over loopback.
exec >/dev/null 2>&1
ip link set lo up
modprobe nfsd && mount -t nfsd nfsd /proc/fs/nfsd || exit 1
echo "-3 +4" > /proc/fs/nfsd/versions
echo 10 > /proc/fs/nfsd/nfsv4gracetime
echo 1 > /proc/fs/nfsd/threads
mkdir -p /tmp/nfsd_export /tmp/nfsd_mnt
mount -t tmpfs tmpfs /tmp/nfsd_export
echo hello > /tmp/nfsd_export/f
never=2147483647
echo "nfsd 127.0.0.1 $never localhost" > /proc/net/rpc/auth.unix.ip/channel
# rw, no_subtree_check, fsid=0 (the v4 pseudo root); anonymous uid and gid 65534
echo "localhost /tmp/nfsd_export $never 9216 65534 65534 0" > /proc/net/rpc/nfsd.export/channel
echo "localhost 1 \\x00000000 $never /tmp/nfsd_export" > /proc/net/rpc/nfsd.fh/channel
modprobe nfsv4
timeout 30 mount -t nfs4 -o vers=4.2,addr=127.0.0.1,clientaddr=127.0.0.1,sec=sys 127.0.0.1:/ /tmp/nfsd_mnt || exit 1
cat /tmp/nfsd_mnt/f
echo data > /tmp/nfsd_mnt/g
mv /tmp/nfsd_mnt/g /tmp/nfsd_mnt/h
rm /tmp/nfsd_mnt/h
umount /tmp/nfsd_mnt
# Leave the guest as found, so that another case (nfs_client) can run this again in the same boot.
echo 0 > /proc/fs/nfsd/threads
umount /tmp/nfsd_export
umount /proc/fs/nfsd
