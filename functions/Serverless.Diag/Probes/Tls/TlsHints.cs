namespace Serverless.Diag.Probes.Tls;

/// <summary>The next step when a TLS handshake does not complete in time.</summary>
internal static class TlsHints
{
    public const string Timeout =
        "The TLS handshake did not complete in time: is this port serving TLS at all (a plain-HTTP or database port waits silently)? " +
        "Otherwise a middlebox dropping the handshake, a wrong server_name on a host that routes by SNI, or an overloaded TLS terminator; " +
        "try openssl s_client -connect host:port -servername name.";
}
