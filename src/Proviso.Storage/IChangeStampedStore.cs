namespace Proviso.Storage;

/// <summary>
/// A store that can tell, far more cheaply than a version query, whether anything at all was committed to it since an
/// earlier look: a cache keyed by ledger version can then skip its version queries while nothing has changed.
/// </summary>
/// <remarks>
/// The contract that makes such a cache exact: if two reads return the same stamp, no write was committed to the store
/// (by this process or any other, through this store instance or any other) between the two reads. A stamp read before
/// a version query therefore vouches for that version for as long as later reads return the same stamp. Stamps are
/// only ever compared for equality, and only between reads of the same store instance.
/// </remarks>
public interface IChangeStampedStore
{
    /// <summary>
    /// Reads the store's change stamp; false when this store cannot tell (a caller then asks for versions every time).
    /// </summary>
    bool TryReadChangeStamp(out long stamp);
}
