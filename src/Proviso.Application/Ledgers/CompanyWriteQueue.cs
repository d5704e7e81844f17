using Proviso.Storage;

namespace Proviso.Application.Ledgers;

/// <summary>
/// One batch of commands submitted to <see cref="CompanyWriteQueue"/>: recorded all together or not at all.
/// <paramref name="ExpectedVersion"/> is the version the submitter saw (an If-Match), or null to decide on the ledger
/// as it is when the batch's turn comes. The idempotency key of the first command identifies the batch: if it is
/// already recorded, the batch is answered with what it recorded.
/// </summary>
public sealed record CommandSubmission(
    IReadOnlyList<(object Command, string? IdempotencyKey, string? Source)> Commands, Actor Actor, long? ExpectedVersion);

/// <summary>
/// Group commit for the writes of one process (the server): each company's submitted batches wait in one queue, and one
/// writer per company takes all that are waiting, decides them in order on one <see cref="DecisionState"/> (each
/// against the state the ones before it left; a refused batch changes nothing and gets its own refusal), and appends the
/// accepted ones with one <see cref="IEventStore.AppendGroupAsync"/>: one transaction and one durable commit for all,
/// each append with its own sequences, idempotency key and outcome. While the writer decides and commits, new batches
/// queue up for the next group, so the more writers wait, the more share a commit.
/// <para>Concurrency with other writers (the CLI, another server on the same store) is optimistic as for a lone
/// append: the group is decided on the ledger as loaded, and the store writes nothing of it that was decided on a
/// version the ledger has moved past. A batch that met such a conflict without an expected version of its own is decided
/// again in the next group (up to <see cref="MaxAttempts"/> times), on the ledger as it then is; one with an expected
/// version gets <see cref="CommandOutcome.Conflicted"/>.</para>
/// <para>Outcomes as <see cref="CompanyCommands"/> gives them, with one difference of order: a batch whose key is
/// already recorded is answered <see cref="CommandOutcome.AlreadyRecorded"/> with every entry it recorded before its
/// expected version is looked at (a retry after a lost answer sends the version it saw then). A decider's exception (a
/// command's bad input) fails that batch's task alone.</para>
/// </summary>
public sealed class CompanyWriteQueue(IEventStore store)
{
    /// <summary>How many times a batch without an expected version is decided before a conflict is its outcome.</summary>
    public const int MaxAttempts = 3;

    /// <summary>At most this many batches share one commit (the rest wait for the next).</summary>
    public const int MaxGroup = 512;

    /// <summary>
    /// A submitted batch until its answer. The answer is given on a thread-pool work item of its own, queued to the pool's
    /// global queue, where the request that submitted the batch goes on (writes its response): the writer itself runs on
    /// a pool thread, and what it queued to its own local queue (as a task's asynchronous continuation is) would wait
    /// until another thread ran out of work from the global queue, where the requests coming in are, and steal it. So an
    /// answer decided by the writer waits behind at most what came in before it, and the writer never runs a request's
    /// continuation itself.
    /// </summary>
    private sealed class Waiting(CommandSubmission submission, CancellationToken ct) : IThreadPoolWorkItem
    {
        private CommandOutcome? _outcome;
        private Exception? _error;
        private bool _cancelled;

        public CommandSubmission Submission { get; } = submission;

        public CancellationToken Cancellation { get; } = ct;

        // Completed only by Execute, on a pool thread with nothing else on its stack: continuations may run inline.
        public TaskCompletionSource<CommandOutcome> Done { get; } = new();

        public int Attempts { get; set; }

        /// <summary>Answers the batch with <paramref name="outcome"/>.</summary>
        public void Answer(CommandOutcome outcome)
        {
            _outcome = outcome;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        /// <summary>Fails the batch with <paramref name="error"/>.</summary>
        public void Fail(Exception error)
        {
            _error = error;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        /// <summary>Drops the batch, cancelled by its token before it was decided.</summary>
        public void Cancel()
        {
            _cancelled = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        void IThreadPoolWorkItem.Execute()
        {
            if (_cancelled) Done.TrySetCanceled(Cancellation);
            else if (_error is { } error) Done.TrySetException(error);
            else Done.TrySetResult(_outcome!);
        }
    }

    private sealed class Company
    {
        public readonly Lock Gate = new();
        public readonly LinkedList<Waiting> Queue = new();
        public bool Writing;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Company> _companies = new(StringComparer.Ordinal);
    private long _groups;
    private long _batches;

    /// <summary>Groups committed and batches decided in them: for tests and diagnostics.</summary>
    public (long Groups, long Batches) Statistics => (Interlocked.Read(ref _groups), Interlocked.Read(ref _batches));

    /// <summary>
    /// Queues <paramref name="submission"/> for <paramref name="companyId"/> and completes with its outcome once its
    /// group is committed. A cancelled submission that has not been decided yet is dropped (the task is cancelled);
    /// once decided, it is recorded or refused whatever the token says.
    /// </summary>
    public Task<CommandOutcome> SubmitAsync(string companyId, CommandSubmission submission, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Commands.Count == 0) throw new ArgumentException("A submission needs at least one command.", nameof(submission));
        var waiting = new Waiting(submission, ct);
        var company = _companies.GetOrAdd(companyId, _ => new Company());
        bool start;
        lock (company.Gate)
        {
            company.Queue.AddLast(waiting);
            start = !company.Writing;
            company.Writing = true;
        }
        if (start) _ = Task.Run(() => WriteAsync(companyId, company));
        return waiting.Done.Task;
    }

    /// <summary>The company's one writer: groups until the queue is empty.</summary>
    private async Task WriteAsync(string companyId, Company company)
    {
        while (true)
        {
            var group = new List<Waiting>();
            lock (company.Gate)
            {
                while (group.Count < MaxGroup && company.Queue.First is { } first)
                {
                    company.Queue.RemoveFirst();
                    group.Add(first.Value);
                }
                if (group.Count == 0)
                {
                    company.Writing = false;
                    return;
                }
            }
            List<Waiting> again;
            try
            {
                again = await CommitAsync(companyId, group);
            }
            catch (Exception e)
            {
                // The store failed (or loading the ledger did): nothing of the group was written.
                foreach (var w in group) w.Fail(e);
                continue;
            }
            if (again.Count == 0) continue;
            lock (company.Gate) // before anything that came later
                for (var i = again.Count - 1; i >= 0; i--) company.Queue.AddFirst(again[i]);
        }
    }

    /// <summary>Decides and appends one group; returns the batches to decide again (they met another writer's entries).</summary>
    private async Task<List<Waiting>> CommitAsync(string companyId, List<Waiting> group)
    {
        var ledger = await CompanyLedger.LoadAsync(store, companyId);
        var state = DecisionState.Of(ledger);
        var appends = new List<GroupedAppend>();
        var writers = new List<Waiting>();
        var sameKey = new List<(Waiting Batch, int Writer)>();
        var again = new List<Waiting>();
        foreach (var w in group)
        {
            if (w.Cancellation.IsCancellationRequested)
            {
                w.Cancel();
                continue;
            }
            try
            {
                var s = w.Submission;
                if (s.Commands[0].IdempotencyKey is { } key && state.HasIdempotencyKey(key))
                {
                    if (state.DecidedUnder(key))
                        sameKey.Add((w, writers.FindIndex(x => x.Submission.Commands.Any(c => c.IdempotencyKey == key))));
                    else
                        w.Answer(new CommandOutcome.AlreadyRecorded(ledger.EntriesUnder(key)));
                    continue;
                }
                if (s.ExpectedVersion is { } expected && expected != state.Version)
                {
                    w.Answer(new CommandOutcome.Conflicted(expected, state.Version));
                    continue;
                }
                var before = state.Version;
                var (entries, refused) = state.Decide(s.Commands, s.Actor);
                if (refused is not null)
                {
                    w.Answer(refused);
                    continue;
                }
                if (entries.Count == 0)
                {
                    // Its first command was new but every other one already recorded: nothing to write.
                    var recorded = s.Commands.Select(c => c.IdempotencyKey).OfType<string>().SelectMany(k => ledger.EntriesUnder(k).Where(e => e.IdempotencyKey == k));
                    w.Answer(new CommandOutcome.AlreadyRecorded(recorded.ToList()));
                    continue;
                }
                appends.Add(new GroupedAppend(before, entries));
                writers.Add(w);
            }
            catch (Exception e)
            {
                w.Fail(e);
            }
        }
        Interlocked.Add(ref _batches, group.Count);
        if (appends.Count == 0) return again;

        // A store that keeps the ledger in memory takes the decided events (and the transfer index extended with them) as they are.
        var outcomes = store is LedgerCachingStore caching
            ? await caching.AppendDecidedGroupAsync(companyId, ledger.Version, appends, state)
            : await store.AppendGroupAsync(companyId, ledger.Version, appends);
        Interlocked.Increment(ref _groups);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var w = writers[i];
            switch (outcomes[i])
            {
                case AppendOutcome.Appended a:
                    w.Answer(new CommandOutcome.Recorded(a.Entries));
                    break;
                case AppendOutcome.Duplicate d:
                    w.Answer(new CommandOutcome.AlreadyRecorded(d.Existing));
                    break;
                case AppendOutcome.Conflict c:
                    if (w.Submission.ExpectedVersion is null && ++w.Attempts < MaxAttempts) again.Add(w);
                    else w.Answer(new CommandOutcome.Conflicted(c.ExpectedVersion, c.ActualVersion));
                    break;
                case AppendOutcome.Invalid invalid:
                    w.Fail(invalid.Error);
                    break;
            }
        }
        // A batch sent again under the key of one decided earlier in the group: what that one recorded, or its turn again.
        foreach (var (w, writer) in sameKey)
        {
            var key = w.Submission.Commands[0].IdempotencyKey!;
            if (outcomes[writer] is AppendOutcome.Appended a)
                w.Answer(new CommandOutcome.AlreadyRecorded(a.Entries.SkipWhile(e => e.IdempotencyKey != key).TakeWhile(e => e.IdempotencyKey is { } k && (k == key || k.StartsWith(key + "#", StringComparison.Ordinal))).ToList()));
            else
                again.Add(w);
        }
        // In the order they were submitted, ahead of everything submitted since.
        var retry = again.ToHashSet();
        return group.Where(retry.Contains).ToList();
    }
}
