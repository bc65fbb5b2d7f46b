using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Dns;
using Serverless.Diag.Probes.Tcp;
using Serverless.Diag.Probes.Tls;
using Serverless.Diag.Probes.WebSocket;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.Tests.Probes;

public sealed class NetworkProbeFactoryTests
{
    private readonly ProbeHarness _harness = new();

    [Fact]
    public void Tcp_needs_a_host_and_a_port_in_range()
    {
        Assert.Null(_harness.Create(new TcpProbeFactory(), new Dictionary<string, object> { ["host"] = "https://db.example.com", ["port"] = 70000 }));

        Assert.Equal("'host' must be a host name or an IP address (no scheme, port or path), not 'https://db.example.com'", Assert.Single(_harness.ErrorsAt("host")));
        Assert.Equal("'port' must be between 1 and 65535, not 70000", Assert.Single(_harness.ErrorsAt("port")));
    }

    [Fact]
    public void Tcp_without_a_port_is_refused()
    {
        Assert.Null(_harness.Create(new TcpProbeFactory(), new Dictionary<string, object> { ["host"] = "db.example.com" }, name: "db"));
        Assert.Equal("check 'db' (tcp) needs 'port'", Assert.Single(_harness.Diagnostics.Errors).Message);
    }

    [Fact]
    public void Dns_record_type_must_be_known()
    {
        Assert.NotNull(new ProbeHarness().Create(new DnsProbeFactory(), new Dictionary<string, object> { ["host"] = "example.com", ["record_type"] = "AAAA" }));
        Assert.Null(_harness.Create(new DnsProbeFactory(), new Dictionary<string, object> { ["host"] = "example.com", ["record_type"] = "MX" }));
        Assert.Equal("'record_type' must be one of any, a, aaaa, not 'MX'", Assert.Single(_harness.ErrorsAt("record_type")));
    }

    [Fact]
    public void Tls_defaults_to_port_443_and_refuses_an_empty_server_name()
    {
        Assert.NotNull(new ProbeHarness().Create(new TlsProbeFactory(), new Dictionary<string, object> { ["host"] = "example.com" }));
        Assert.Null(_harness.Create(new TlsProbeFactory(), new Dictionary<string, object> { ["host"] = "example.com", ["server_name"] = " " }));
        Assert.Equal("'server_name' must not be empty", Assert.Single(_harness.ErrorsAt("server_name")));
    }

    [Fact]
    public void WebSocket_needs_a_ws_url_and_something_to_send_before_expecting_a_reply()
    {
        var settings = new Dictionary<string, object> { ["url"] = "http://chat.example.com/ws", ["expect_reply"] = true };

        Assert.Null(_harness.Create(new WebSocketProbeFactory(), settings));

        Assert.Equal("'url' must be an absolute ws or wss URL, not 'http://chat.example.com/ws'", Assert.Single(_harness.ErrorsAt("url")));
        Assert.Equal("'expect_reply' needs a message to 'send'", Assert.Single(_harness.ErrorsAt("expect_reply")));
    }

    [Fact]
    public void Every_factory_knows_its_vocabulary_and_refuses_a_typo()
    {
        IProbeFactory[] factories = [new Serverless.Diag.Probes.Http.HttpProbeFactory(), new TcpProbeFactory(), new DnsProbeFactory(), new TlsProbeFactory(), new WebSocketProbeFactory()];
        string[] known = ["json.items[0].id", "connected", "addresses", "cert.days_left", "roundtrip"];

        foreach (var (factory, path) in factories.Zip(known))
        {
            Assert.True(factory.Vocabulary.Knows(path), $"{factory.Type} should know {path}");
            Assert.False(factory.Vocabulary.Knows("lateny"), $"{factory.Type} should not know lateny");
        }

        Assert.True(factories[0].Vocabulary.Knows("headers.content-type"));
    }

    [Fact]
    public void The_engine_registers_the_five_network_check_types()
    {
        var registry = new ProbeRegistry(BuiltInProbes.Create());

        Assert.IsType<Serverless.Diag.Probes.Http.HttpProbeFactory>(registry.Find("http"));
        Assert.IsType<TcpProbeFactory>(registry.Find("tcp"));
        Assert.IsType<DnsProbeFactory>(registry.Find("dns"));
        Assert.IsType<TlsProbeFactory>(registry.Find("tls"));
        Assert.IsType<WebSocketProbeFactory>(registry.Find("websocket"));
    }
}
