using System.Runtime.InteropServices;


namespace Engine.IO;

// libc entry points for EpollSelector. DllImport rather than LibraryImport: the library also targets
// netstandard2.1, which has no source-generated interop; every signature is blittable anyway.
internal static unsafe class EpollNative
{
    public const int EpollCloexec = 0x80000;
    public const int CtlAdd = 1;
    public const int CtlDel = 2;
    public const int CtlMod = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const int EfdNonblock = 0x800;
    public const int EfdCloexec = 0x80000;
    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Enoent = 2;
    public const int Ebadf = 9;
    public const int Eexist = 17;

    [DllImport("libc", SetLastError = true)]
    public static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [DllImport("libc", SetLastError = true)]
    public static extern int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [DllImport("libc", SetLastError = true)]
    public static extern int eventfd(uint initval, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(int fd, byte* buf, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern nint write(int fd, byte* buf, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    // struct epoll_event is packed on x86-64 (12 bytes: u32 events, u64 data) and naturally aligned elsewhere
    // (16 bytes, data at offset 8), so events are read from a raw buffer with the right stride.
    public static readonly bool s_packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    public static int EventSize => s_packed ? 12 : 16;

    public static int DataOffset => s_packed ? 4 : 8;

    public static int LastError() => Marshal.GetLastWin32Error();
}
