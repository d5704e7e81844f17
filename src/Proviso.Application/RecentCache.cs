using System.Runtime.CompilerServices;

namespace Proviso.Application;

/// <summary>
/// A few recently made values, each remembered under the object it was made for (compared by reference): a fixed
/// number of slots, each key going to one slot by its identity hash, a new value replacing whatever was in its slot.
/// For memos of things that are asked for again soon after they are made (the process a group of elections has just
/// changed) but never again once their moment has passed: memory stays bounded however many keys there have been.
/// Thread-safe: a slot holds one immutable pair, read and replaced whole.
/// </summary>
public sealed class RecentCache<TKey, TValue>(int slots)
    where TKey : class
{
    private sealed record Slot(TKey Key, TValue Value);

    private readonly Slot?[] _slots = new Slot?[slots > 0 ? slots : throw new ArgumentOutOfRangeException(nameof(slots), "at least one slot")];

    public bool TryGet(TKey key, out TValue value)
    {
        if (Volatile.Read(ref _slots[SlotOf(key)]) is { } slot && ReferenceEquals(slot.Key, key))
        {
            value = slot.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value) => Volatile.Write(ref _slots[SlotOf(key)], new Slot(key, value));

    private int SlotOf(TKey key) => (int)((uint)RuntimeHelpers.GetHashCode(key) % (uint)_slots.Length);
}
