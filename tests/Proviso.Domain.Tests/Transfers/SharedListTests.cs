using Proviso.Domain.Agreements.Transfers;

namespace Proviso.Domain.Tests.Transfers;

/// <summary>
/// <see cref="SharedList{T}"/>: what a transfer process's elections, waivers and the like are kept in, shared between a
/// process and the one made from it by later events. A list never changes once made, whichever lists are made from it,
/// in whatever order and on whichever threads.
/// </summary>
public sealed class SharedListTests
{
    [Fact]
    public void Adding_GivesAListOneLonger_AndLeavesTheListItWasMadeFromAsItWas()
    {
        var empty = SharedList<int>.Empty;
        var one = empty.Add(1);
        var two = one.Add(2);
        Assert.Empty(empty);
        Assert.Equal([1], one);
        Assert.Equal([1, 2], two);
        Assert.Equal(2, two[1]);
    }

    [Fact]
    public void TwoListsMadeFromTheSameList_EachHoldOnlyTheirOwnItem()
    {
        var shared = SharedList<string>.Empty.Add("a").Add("b");
        var first = shared.Add("first");   // written into the shared buffer
        var second = shared.Add("second"); // the buffer's next slot is taken: a buffer of its own
        var third = first.Add("third");
        Assert.Equal(["a", "b"], shared);
        Assert.Equal(["a", "b", "first"], first);
        Assert.Equal(["a", "b", "second"], second);
        Assert.Equal(["a", "b", "first", "third"], third);
        Assert.Equal(["a", "b", "second", "more"], second.Add("more"));
        Assert.Equal(["a", "b", "first", "third"], third);
    }

    [Fact]
    public void ReadingPastTheEnd_IsRefused_EvenWhereTheSharedBufferHoldsALaterItem()
    {
        var shared = SharedList<int>.Empty.Add(1);
        _ = shared.Add(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => shared[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => shared[-1]);
    }

    [Fact]
    public void EnumeratingThroughTheInterface_GivesTheSameItems()
    {
        var list = Enumerable.Range(0, 10).Aggregate(SharedList<int>.Empty, (l, i) => l.Add(i));
        _ = list.Add(99);
        IEnumerable<int> items = list;
        Assert.Equal(Enumerable.Range(0, 10), items.ToList());
        var seen = new List<int>();
        foreach (var i in list) seen.Add(i);
        Assert.Equal(Enumerable.Range(0, 10), seen);
    }

    [Fact]
    public void ManyThreadsAddingToTheSameList_EachGetTheirOwnItemAfterTheSharedOnes()
    {
        for (var round = 0; round < 50; round++)
        {
            var shared = Enumerable.Range(0, 5).Aggregate(SharedList<int>.Empty, (l, i) => l.Add(i));
            var made = new SharedList<int>[16];
            Parallel.For(0, made.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t => made[t] = shared.Add(100 + t).Add(200 + t));
            for (var t = 0; t < made.Length; t++)
                Assert.Equal([0, 1, 2, 3, 4, 100 + t, 200 + t], made[t]);
            Assert.Equal([0, 1, 2, 3, 4], shared);
        }
    }
}
