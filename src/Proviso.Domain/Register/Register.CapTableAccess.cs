using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

/// <summary>Read-only access to the register's positions for the cap table, which reads a few holders' holdings in register order.</summary>
public sealed partial class Register
{
    /// <summary>
    /// Every position (holdings emptied since included), in the order of <see cref="Holdings"/>, as its holder and class
    /// ids and its shares. No iterator allocation, no interface calls.
    /// </summary>
    internal PositionsView Positions => new(this);

    internal readonly struct PositionsView(Register register)
    {
        public Enumerator GetEnumerator() => new(register);

        internal struct Enumerator(Register register)
        {
            private int _index = -1;

            public readonly PositionEntry Current => new(register, _index);

            public bool MoveNext() => ++_index < register._positionCount;
        }
    }

    /// <summary>One position: whose, of which class, and how many shares it holds now.</summary>
    internal readonly struct PositionEntry(Register register, int index)
    {
        public string HolderId => register._holderIds[register._positionSlots[index].Holder];

        public string ClassId => register._classIds[register._positionSlots[index].Class];

        public ShareCount Shares => new(register._positionSlots[index].Shares);
    }
}
