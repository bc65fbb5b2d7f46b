using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Tls;

internal sealed class TlsProbe(string host, int port, string serverName) : IProbe
{
    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        using var deadline = new CancellationTokenSource(context.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var target = $"{host}:{port}";
        var started = time.GetTimestamp();
        var presented = new X509Certificate2Collection();
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(host, port, linked.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = serverName,
                    // Accept anything: the point is to measure the certificate, validity is computed below.
#pragma warning disable CA5359
                    RemoteCertificateValidationCallback = (_, _, chain, _) =>
                    {
                        if (chain is not null)
                        {
                            presented.AddRange(chain.ChainPolicy.ExtraStore);
                        }

                        return true;
                    },
#pragma warning restore CA5359
                },
                linked.Token);
            var latency = time.GetElapsedTime(started);

            if (tls.RemoteCertificate is not X509Certificate2 certificate)
            {
                return ProbeResult.Failed(ErrorCause.Tls, $"{target} presented no certificate");
            }

            var result = CertificateReport.Build(certificate, presented, serverName, time.GetUtcNow());
            result.Measurements.Set(TlsVocabulary.Protocol, tls.SslProtocol.ToString());
            result.Measurements.Set(TlsVocabulary.Latency, latency);
            return result;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return new ProbeResult { Error = NetworkFailure.Timeout(context.Timeout, $"no TLS handshake with {target}") }.WithHint(TlsHints.Timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = NetworkFailure.Classify(e, target);
            return FailureHints.AddFor(new ProbeResult { Error = error }, error.Cause, TlsHints.Timeout);
        }
    }
}

/// <summary>The measurements, evidence and hints of a presented certificate.</summary>
internal static class CertificateReport
{
    public static ProbeResult Build(X509Certificate2 certificate, X509Certificate2Collection intermediates, string serverName, DateTimeOffset now)
    {
        var result = new ProbeResult();
        var m = result.Measurements;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        m.Set(TlsVocabulary.CertDaysLeft, (notAfter - now).TotalDays);
        m.Set(TlsVocabulary.CertSubject, certificate.Subject);
        m.Set(TlsVocabulary.CertIssuer, certificate.Issuer);
        m.Set(TlsVocabulary.CertNotAfter, notAfter.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        m.Set(TlsVocabulary.CertNotBefore, notBefore.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        m.Set(TlsVocabulary.CertNames, CertificateProblems.Names(certificate).Split(", ").Select(n => (object?)n.Trim('\'')).ToList());

        var hostnameValid = certificate.MatchesHostname(serverName);
        m.Set(TlsVocabulary.HostnameValid, hostnameValid);

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        var chainValid = chain.Build(certificate);
        m.Set(TlsVocabulary.ChainValid, chainValid);

        var problems = CertificateProblems.DescribeChain(certificate, chain.ChainStatus, now).ToList();
        if (!hostnameValid)
        {
            problems.Add($"name mismatch: the certificate is for {CertificateProblems.Names(certificate)}, not '{serverName}'");
        }

        result.Evidence.Add(new Evidence("Certificate", string.Join('\n', new[]
        {
            $"subject:   {certificate.Subject}",
            $"issuer:    {certificate.Issuer}",
            $"names:     {CertificateProblems.Names(certificate)}",
            $"valid:     {notBefore:yyyy-MM-dd HH:mm} .. {notAfter:yyyy-MM-dd HH:mm} UTC ({(notAfter - now).TotalDays:0.#} days left)",
            $"chain:     {string.Join(" <- ", chain.ChainElements.Select(e => e.Certificate.GetNameInfo(X509NameType.SimpleName, false)))}",
        }.Concat(problems.Select(p => $"problem:   {p}")))));

        if (problems.Count > 0 || (notAfter - now).TotalDays < 14)
        {
            result.Hints.Add("Renew the certificate before it expires (automate it: ACME / Key Vault auto-renewal), serve the full chain, and make sure its names cover the host.");
        }

        return result;
    }
}
