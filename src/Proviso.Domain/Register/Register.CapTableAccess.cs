namespace Proviso.Domain.Register;

/// <summary>Read-only access for the cap table, which labels every holder of the holding index.</summary>
public sealed partial class Register
{
    /// <summary>
    /// The holder with the register's ordinal <paramref name="ordinal"/> (<see cref="HoldingIndex.RegisterOrdinal"/>):
    /// read by position, where finding a holder by id hashes the id.
    /// </summary>
    internal Holder HolderAt(int ordinal) => _holderList[ordinal];
}
