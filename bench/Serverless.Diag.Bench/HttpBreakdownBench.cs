using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.Bench;

/// <summary>Scratch: which part of the http probe's request path costs what, against the bare HttpClient loop.</summary>
internal static class HttpBreakdownBench
{
    private const string Body = """{"status":"healthy","version":"1.4.2"}""";

    public static async Task<int> RunAsync(string[] args)
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/health", 200, Body, "application/json"));
        var url = new Uri(target.Url("/health"));
        using var plainClient = new HttpClient();
        using var decompress = new HttpMessageInvoker(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, UseCookies = false, UseProxy = false });
        using var plainHandler = new HttpMessageInvoker(new SocketsHttpHandler { UseCookies = false, UseProxy = false });
        using var callback = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (c, ct) =>
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await s.ConnectAsync(c.DnsEndPoint, ct);
                return new NetworkStream(s, true);
            },
            PlaintextStreamFilter = static (c, _) => ValueTask.FromResult(c.PlaintextStream),
        });

        using var gzip = new HttpMessageInvoker(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip, UseCookies = false, UseProxy = false });
        async Task Bytes(HttpMessageInvoker invoker, CancellationToken ct, string? acceptEncoding = null)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            if (acceptEncoding is not null)
            {
                req.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            }

            using var r = await invoker.SendAsync(req, ct);
            await r.Content.ReadAsByteArrayAsync(ct);
        }

        if (Environment.GetEnvironmentVariable("WITH_CATALOG") == "1")
        {
            var registry = Serverless.Diag.Hosting.ProbeCatalog.CreateDefault();
            Console.WriteLine($"catalog: {registry}");
        }

        var urlText = url.ToString();
        var variants = new (string Name, Func<CancellationToken, Task> Once)[]
        {
            ("http-engine's plain", async ct =>
            {
                using var response = await plainClient.GetAsync(urlText, ct);
                await response.Content.ReadAsStringAsync(ct);
            }),
            ("plain handler, bytes", ct => Bytes(plainHandler, ct)),
            ("decompression all", ct => Bytes(decompress, ct)),
            ("decompression gzip", ct => Bytes(gzip, ct)),
            ("plain + raw accept-encoding header", ct => Bytes(plainHandler, ct, "gzip, deflate, br")),
            ("callbacks + lifetime", ct => Bytes(callback, ct)),
            ("plain + pooled stream read", async ct =>
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, url);
                using var r = await plainHandler.SendAsync(req, ct);
                await using var s = await r.Content.ReadAsStreamAsync(ct);
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
                while (await s.ReadAsync(buffer, ct) > 0)
                {
                }

                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }),
            ("plain + CTS(TimeProvider) + linked", async ct =>
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
                await Bytes(plainHandler, linked.Token);
            }),
            ("plain + CTS.CancelAfter", async ct =>
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                linked.CancelAfter(TimeSpan.FromSeconds(10));
                await Bytes(plainHandler, linked.Token);
            }),
        };

        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var wall = variants.Select(_ => new List<double>()).ToArray();
        var cpu = variants.Select(_ => new List<double>()).ToArray();
        for (var round = -2; round < rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                var w = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, ct) => await variants[v].Once(ct));
                if (round >= 0)
                {
                    wall[v].Add(w.Elapsed.TotalMilliseconds);
                    cpu[v].Add((Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds);
                }
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variants[v].Name,-40} wall {wall[v].Order().ElementAt(rounds / 2),7:0.0}  cpu {cpu[v].Order().ElementAt(rounds / 2),7:0.0}"));
        }

        return 0;
    }
}
