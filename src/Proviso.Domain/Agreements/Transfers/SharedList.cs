using System.Collections;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// An immutable list that grows by <see cref="Add"/> into a buffer it shares with the list it was made from: a process
/// one event longer (<see cref="TransferProcess.Then"/>) shares its elections, waivers and the like with the one before
/// instead of copying them all. Each list reads only its own first <see cref="Count"/> items, which never change once
/// written, so any number of threads may read any list; adding writes past the end of the buffer only for the list whose
/// count is the buffer's own (the first list made from it; another gets a buffer of its own).
/// </summary>
public sealed class SharedList<T> : IReadOnlyList<T>
{
    private sealed class Buffer(T[] items, int used)
    {
        public readonly T[] Items = items;
        public int Used = used;
    }

    /// <summary>The empty list.</summary>
    public static SharedList<T> Empty { get; } = new(new Buffer([], 0), 0);

    private readonly Buffer _buffer;

    private SharedList(Buffer buffer, int count)
    {
        _buffer = buffer;
        Count = count;
    }

    public int Count { get; }

    public T this[int index] => index >= 0 && index < Count ? _buffer.Items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>This list followed by <paramref name="item"/>; this list is not changed.</summary>
    public SharedList<T> Add(T item)
    {
        var buffer = _buffer;
        if (Count < buffer.Items.Length && Interlocked.CompareExchange(ref buffer.Used, Count + 1, Count) == Count)
        {
            buffer.Items[Count] = item;
            return new SharedList<T>(buffer, Count + 1);
        }
        var items = new T[Math.Max(4, checked(Count * 2))];
        Array.Copy(buffer.Items, items, Count);
        items[Count] = item;
        return new SharedList<T>(new Buffer(items, Count + 1), Count + 1);
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _buffer.Items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    /// <summary>Enumerates the list's items without allocating.</summary>
    public struct Enumerator(SharedList<T> list)
    {
        private int _index = -1;

        public readonly T Current => list._buffer.Items[_index];

        public bool MoveNext() => ++_index < list.Count;
    }
}
