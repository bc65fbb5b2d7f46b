namespace Serverless.Diag.Probes.Tcp;

/// <summary>The next step when a TCP connect does not complete: nothing answered at all, not even a refusal.</summary>
internal static class TcpHints
{
    public const string Timeout =
        "The connection attempt got no answer, not even a refusal: a firewall, security group or NSG dropping packets to this port, " +
        "a wrong IP or a host that is down. Try nc -vz host port from the same network, and check the route and the firewall rules.";
}
