using System.Runtime.InteropServices;

namespace Proviso.Storage.Sqlite;

/// <summary>
/// Makes SQLite's sleeps as short as it asks for. The native SQLite of SQLitePCLRaw.bundle_e_sqlite3 2.0.6 (the newest
/// this project can restore) is built without <c>HAVE_USLEEP</c>, so its unix VFS sleeps in whole seconds: every
/// <c>sqlite3OsSleep</c> of a microsecond or more becomes <c>sleep(1)</c>. SQLite sleeps like that in two places that
/// a busy server meets: a connection beginning a read (every query and <c>PRAGMA data_version</c>, and the writer's
/// <c>BEGIN IMMEDIATE</c>) that raced a commit more than five times in a row pauses "one microsecond" before trying
/// again (measured: a writer committing in a loop beside two readers put every one of them into one-second waits
/// about once a second); and the busy handler, which in such a build waits a whole second per try for a lock another
/// connection holds.
/// <para><see cref="Install"/> registers, as the default VFS, a copy of the default unix VFS whose <c>xSleep</c>
/// sleeps the microseconds asked for (<c>usleep</c>), so the read retries pause as SQLite means them to. A request of
/// a whole second or more comes only from such a build's busy handler, which counts its tries in seconds against the
/// busy timeout: it sleeps <see cref="BusyPollMicroseconds"/> instead, so a waiting writer tries the lock about every
/// millisecond; once SQLite's count is used up, Microsoft.Data.Sqlite's own retry (pauses of 150 ms) carries on up to
/// the command timeout, so the total a writer waits for a lock is still bounded by that timeout (30 s in
/// <see cref="SqliteEventStore"/>). Nothing else changes: files, locks and durability are the unix VFS's own.</para>
/// <para>Installed once per process, before the first connection opens; on other platforms, other native builds
/// (no <c>e_sqlite3</c> entry points, a default VFS that is not unix) or an unexpected VFS layout it does nothing and
/// SQLite keeps its own sleep.</para>
/// </summary>
public static class SqliteSleep
{
    /// <summary>What a whole-second busy-handler sleep is shortened to.</summary>
    public const int BusyPollMicroseconds = 1_000;

    private static readonly Lock Gate = new();
    private static bool _tried;
    private static XSleep? _sleep; // kept alive for as long as SQLite may call it: the whole process
    private static long _sleeps;
    private static long _shortened;

    /// <summary>Whether the default VFS now sleeps as asked (false: not installed here, SQLite's own sleep applies).</summary>
    public static bool Installed { get; private set; }

    /// <summary>How often SQLite slept, and how many of those were whole-second busy waits shortened: for tests and diagnostics.</summary>
    public static (long Sleeps, long Shortened) Statistics => (Interlocked.Read(ref _sleeps), Interlocked.Read(ref _shortened));

    /// <summary>Registers the sleeping VFS as the default, once; safe to call again and from several threads.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_tried) return;
            _tried = true;
            if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())) return;
            try
            {
                var current = Native.sqlite3_vfs_find(IntPtr.Zero);
                if (current == IntPtr.Zero) return;
                var vfs = Marshal.PtrToStructure<Vfs>(current);
                // The unix VFS of SQLite 3.7.6 and later is version 3: the layout below, and nothing after it.
                if (vfs.Version != 3 || vfs.Sleep == IntPtr.Zero || Marshal.PtrToStringAnsi(vfs.Name) is not { } name || !name.StartsWith("unix", StringComparison.Ordinal)) return;
                _sleep = SleepAsAsked;
                vfs.Sleep = Marshal.GetFunctionPointerForDelegate(_sleep);
                vfs.Name = Marshal.StringToHGlobalAnsi(name + "-usleep"); // never freed: SQLite keeps the VFS
                vfs.Next = IntPtr.Zero;
                var copy = Marshal.AllocHGlobal(Marshal.SizeOf<Vfs>()); // never freed, as above
                Marshal.StructureToPtr(vfs, copy, fDeleteOld: false);
                Installed = Native.sqlite3_vfs_register(copy, makeDefault: 1) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                // Another native SQLite: its own sleep stays.
            }
        }
    }

    private static int SleepAsAsked(IntPtr vfs, int microseconds)
    {
        Interlocked.Increment(ref _sleeps);
        var us = microseconds;
        if (us >= 1_000_000)
        {
            Interlocked.Increment(ref _shortened);
            us = BusyPollMicroseconds;
        }
        if (us > 0) Native.usleep((uint)us);
        return us;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int XSleep(IntPtr vfs, int microseconds);

    /// <summary>SQLite's <c>sqlite3_vfs</c> (version 3), field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Vfs
    {
        public int Version;
        public int OsFileSize;
        public int MaxPathname;
        public IntPtr Next;
        public IntPtr Name;
        public IntPtr AppData;
        public IntPtr Open;
        public IntPtr Delete;
        public IntPtr Access;
        public IntPtr FullPathname;
        public IntPtr DlOpen;
        public IntPtr DlError;
        public IntPtr DlSym;
        public IntPtr DlClose;
        public IntPtr Randomness;
        public IntPtr Sleep;
        public IntPtr CurrentTime;
        public IntPtr GetLastError;
        public IntPtr CurrentTimeInt64;
        public IntPtr SetSystemCall;
        public IntPtr GetSystemCall;
        public IntPtr NextSystemCall;
    }

    private static class Native
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr sqlite3_vfs_find(IntPtr name);

        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_vfs_register(IntPtr vfs, int makeDefault);

        [DllImport("libc", SetLastError = false)]
        public static extern int usleep(uint microseconds);
    }
}
