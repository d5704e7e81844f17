namespace Proviso.Domain.Register;

/// <summary>Read-only access for the cap table, which labels every holder of the holding index.</summary>
public sealed partial class Register
{
    /// <summary>
    /// The names of the holders of <paramref name="index"/> (this register's current holding index,
    /// <see cref="HoldingsIndexed"/>), by the index's ordinal: read by position from the register's holders on first use
    /// and kept with the index, where finding a holder by id hashes the id and reading every holder is a cache miss each.
    /// </summary>
    internal string[] HolderNames(HoldingIndex index) => index.HolderNames(ordinal => _holderList[ordinal].Name);
}
