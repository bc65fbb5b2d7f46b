using System.Net;
using System.Net.Sockets;
using Serverless.Diag.TestKit.Servers;
using StackExchange.Redis;

namespace Serverless.Diag.IntegrationTests.Redis;

/// <summary>The test's own side door into a throwaway Redis: set up conditions, read INFO, count the probe's connections.</summary>
internal sealed class RedisAdmin : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;

    private RedisAdmin(ConnectionMultiplexer multiplexer) => _multiplexer = multiplexer;

    public IDatabase Db => _multiplexer.GetDatabase();

    public IServer Server => _multiplexer.GetServers()[0];

    public static async Task<RedisAdmin> ConnectAsync(RedisServer server)
    {
        var options = ConfigurationOptions.Parse(server.Configuration());
        options.AllowAdmin = true;
        options.ClientName = "diag-test-admin";
        options.TieBreaker = string.Empty; // its GET would count as a keyspace miss
        options.ConfigurationChannel = string.Empty;
        options.CommandMap = CommandMap.Create(new HashSet<string> { "SUBSCRIBE" }, available: false);
        return new RedisAdmin(await ConnectionMultiplexer.ConnectAsync(options));
    }

    public async Task<double> InfoNumberAsync(string field)
    {
        var text = await Server.InfoRawAsync();
        var line = text!.Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return double.Parse(line[(field.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Connections the probe left open (it names itself serverless-diag), waited on generously.</summary>
    public async Task<int> ProbeConnectionsAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var clients = await Server.ClientListAsync();
            var count = clients.Count(c => c.Name == "serverless-diag");
            if (count == 0 || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return count;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A bare TCP client, counted by Redis as a connected client once it has answered.</summary>
    public static async Task<TcpClient> RawClientAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        _ = await stream.ReadAsync(buffer);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _multiplexer.CloseAsync();
        await _multiplexer.DisposeAsync();
    }
}
