using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Application.Transfers;
using Proviso.Server.Api;
using Proviso.Server.Tests.Infrastructure;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests.Caching;

/// <summary>
/// The process view the transfer endpoints answer with (<see cref="TransferEndpoints.ViewJson"/>) is remembered per
/// process state and its notice-decided parts are serialised once per process: at every step of a process it is byte for
/// byte the view serialised whole, for the full view, the transferor's and a holder's.
/// </summary>
public sealed class ProcessViewTests
{
    [Fact]
    public async Task ViewFromRememberedParts_AtEveryStep_IsTheViewSerialisedWhole()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        var json = server.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var asOf = new LocalDate(2020, 12, 20);
        var steps = new List<Func<Task>>
        {
            async () => (await admin.PostAsync(Transfers, Proposal())).Expect(HttpStatusCode.Created),
            async () => (await admin.PostAsync($"{Transfers}/rofr-2020-01/notice", Notice())).Expect(HttpStatusCode.Created),
        };
        steps.AddRange(Elections.Take(4).Select(e => (Func<Task>)(async () =>
            (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(e.Holder, e.Shares, e.At))).Expect(HttpStatusCode.Created))));
        steps.Add(async () => (await admin.PostAsync($"{Transfers}/rofr-2020-01/waivers", new { holder = "pac", at = "2020-12-11T10:00:00+08:00" })).Expect(HttpStatusCode.Created));

        foreach (var step in steps)
        {
            await step();
            var ledger = await CompanyLedger.LoadAsync(server.EventStore, Company);
            var p = TransferIndex.Of(ledger).Find("rofr-2020-01")!;
            foreach (var holder in new[] { null, "cloopen-co", "tencent" })
            {
                var whole = JsonSerializer.SerializeToUtf8Bytes(TransferEndpoints.View(ledger, p, asOf, holder, json), json);
                var answered = TransferEndpoints.ViewJson(ledger, p, asOf, holder, json);
                Assert.Equal(System.Text.Encoding.UTF8.GetString(whole), System.Text.Encoding.UTF8.GetString(answered));
            }
            Assert.Same(TransferEndpoints.ViewJson(ledger, p, asOf, "tencent", json), TransferEndpoints.ViewJson(ledger, p, asOf, "tencent", json));
        }
    }
}
