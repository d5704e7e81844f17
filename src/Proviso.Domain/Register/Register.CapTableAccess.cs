using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

/// <summary>Read-only access to the register's positions for the cap table, which reads a few holders' holdings in register order.</summary>
public sealed partial class Register
{
    /// <summary>
    /// Every position (holdings emptied since included), in the order of <see cref="Holdings"/>, as its holder and class
    /// ids; a position's shares are read only when asked for. No iterator allocation, no interface calls.
    /// </summary>
    internal PositionsView Positions => new(_positions);

    internal readonly struct PositionsView(Dictionary<PositionKey, Position> positions)
    {
        public Enumerator GetEnumerator() => new(positions.GetEnumerator());

        internal struct Enumerator(Dictionary<PositionKey, Position>.Enumerator inner)
        {
            private Dictionary<PositionKey, Position>.Enumerator _inner = inner;

            public readonly PositionEntry Current => new(_inner.Current.Key, _inner.Current.Value);

            public bool MoveNext() => _inner.MoveNext();
        }
    }

    /// <summary>One position: whose, of which class, and (read through) how many shares it holds now.</summary>
    internal readonly struct PositionEntry(PositionKey key, Position position)
    {
        public string HolderId => key.HolderId;

        public string ClassId => key.ClassId;

        public ShareCount Shares => position.Shares;
    }
}
