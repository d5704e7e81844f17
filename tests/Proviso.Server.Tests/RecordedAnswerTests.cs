using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Proviso.Server.Api;
using Proviso.Server.Tests.Infrastructure;

namespace Proviso.Server.Tests;

/// <summary>A recorded command's answer is written field by field, byte for byte as the serializer writes it with the API's options.</summary>
public sealed class RecordedAnswerTests
{
    private static readonly RecordedAnswer[] Answers =
    [
        new("recorded", 392_761, [new(392_761, "FirstRefusalElected", "2026-11-22", "950cd6de27aabbe2125d78784e3f254d503d33a2ae5671ce74d66ba15be7e24a")]),
        new("already-recorded", 7, [new(6, "TransferProposed", null, "ab"), new(7, "TransferRefused", "2020-12-01", "cd")]),
        new("recorded", 0, []),
        new("void \"quoted\" Zoë", long.MaxValue, [new(long.MinValue, "Ünïcode <&>", "x\ny", "\u0001")]),
    ];

    [Fact]
    public void ToUtf8Json_WithTheApiOptions_SameBytesAsTheSerializer()
    {
        using var server = new ProvisoServer();
        var options = server.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        foreach (var answer in Answers)
            for (var i = 0; i < 2; i++) // the second time from the buffer the thread keeps
                Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(answer, options), answer.ToUtf8Json(options));
    }

    [Fact]
    public void ToUtf8Json_OtherOptions_AsTheSerializerWritesThem()
    {
        foreach (var options in new[] { new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }, new JsonSerializerOptions(), JsonSerializerOptions.Web })
            foreach (var answer in Answers)
                Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(answer, options), answer.ToUtf8Json(options));
    }
}
