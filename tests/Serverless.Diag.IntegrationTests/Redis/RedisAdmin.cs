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

    /// <summary>
    /// A bare TCP client that holds a slot: Redis answered its PING (it is counted among the connected clients). A client
    /// that just left may still hold its slot until the server's next turn, so a refused attempt is retried for a while.
    /// </summary>
    public static async Task<TcpClient> RawClientAsync(int port)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer);
            var reply = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
            // +PONG, or -NOAUTH from a server with a password: either way the client holds a slot.
            if (!reply.Contains("max number of clients", StringComparison.Ordinal))
            {
                return client;
            }

            client.Dispose();
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Redis on port {port} did not admit a client: {reply.Trim()}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _multiplexer.CloseAsync();
        await _multiplexer.DisposeAsync();
    }
}
