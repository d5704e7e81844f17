namespace Proviso.Application;

/// <summary>Where in an input file a problem is: file, 1-based line and column.</summary>
public sealed record InputLocation(string File, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

/// <summary>
/// Bad input from a user's file or argument: where it is and what was expected. Always reported as a clear message and
/// exit code 2 (never a stack trace), and nothing is written.
/// </summary>
public sealed class InputException(InputLocation? location, string message)
    : Exception(location is null ? message : $"{location}: {message}")
{
    public InputLocation? Location { get; } = location;
    public string Problem { get; } = message;
}
