namespace Proviso.Cli;

/// <summary>The command line's exit codes (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A rule of the register or an agreement refused the command; nothing was written.</summary>
    public const int Rejected = 1;
    /// <summary>Bad input or usage: a file, an argument or an option is wrong; nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>Another writer changed the ledger first; nothing was written.</summary>
    public const int Conflict = 3;
    /// <summary>The store could not be opened, read or written.</summary>
    public const int Storage = 4;
    /// <summary>An internal error (a bug): one line says what failed; PROVISO_DEBUG=1 prints the details.</summary>
    public const int Internal = 5;
}
