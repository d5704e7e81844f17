namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// A point where the text does not decide the facts at hand: what is open, the reading the engine took, the other
/// reading, and the clause. Ambiguity is output, not a guess: every result that depends on one carries it.
/// </summary>
public sealed record Ambiguity(string Code, string Description, string ReadingTaken, string? Alternative, Citation Citation)
{
    /// <inheritdoc />
    public override string ToString() => $"{Description} Reading taken: {ReadingTaken}" + (Alternative is null ? "" : $" Alternative: {Alternative}") + $" ({Citation})";
}
