using System.Runtime.InteropServices;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// What kind of file a path names (regular, FIFO, device, socket), which .NET does not expose: <c>FileInfo</c> reports
/// a FIFO and <c>/dev/zero</c> as normal files of length 0, and reading them blocks or never ends. One <c>statx(2)</c>
/// call (Linux ≥ 4.11, glibc ≥ 2.28) asking for the file type only; <c>struct statx</c> has the same layout on every
/// architecture (linux/stat.h), so no per-platform struct is needed. Elsewhere every existing file counts as regular.
/// </summary>
public static partial class FileKind
{
    private const int AtFdCwd = -100;        // AT_FDCWD: resolve relative paths from the working directory
    private const uint StatxType = 0x1;      // STATX_TYPE: fill stx_mode's file type bits
    private const int ModeOffset = 28;       // offsetof(struct statx, stx_mode), a __u16
    private const int StatxBytes = 256;      // sizeof(struct statx) is 256

    /// <summary>
    /// Null for a regular file (symbolic links followed), else what it is in words: "a FIFO", "a character device",
    /// "a block device", "a socket", "a folder".
    /// </summary>
    /// <param name="path">An existing path.</param>
    /// <exception cref="IOException">statx failed (e.g. the file vanished); the message names the errno.</exception>
    public static unsafe string? NotRegular(string path)
    {
        if (!OperatingSystem.IsLinux()) return Directory.Exists(path) ? "a folder" : null;
        byte* buffer = stackalloc byte[StatxBytes];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            throw new IOException($"statx {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        int type = *(ushort*)(buffer + ModeOffset) & 0xF000; // S_IFMT
        return type switch
        {
            0x8000 => null,                  // S_IFREG
            0x4000 => "a folder",            // S_IFDIR
            0x1000 => "a FIFO",              // S_IFIFO
            0x2000 => "a character device",  // S_IFCHR
            0x6000 => "a block device",      // S_IFBLK
            0xC000 => "a socket",            // S_IFSOCK
            _ => $"a file of type 0x{type:x4}",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
