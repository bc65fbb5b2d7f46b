using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Diag.Probes.Tls;

/// <summary>Says in words why a certificate is not acceptable: expired, self-signed or untrusted, issued for another name.</summary>
internal static class CertificateProblems
{
    public static string Describe(SslPolicyErrors errors, X509Certificate? certificate, X509Chain? chain, string? targetHost, DateTimeOffset now)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || certificate is null)
        {
            return "the server presented no certificate";
        }

        var cert = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            reasons.AddRange(DescribeChain(cert, chain?.ChainStatus ?? [], now));
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"name mismatch: the certificate is for {Names(cert)}, not '{targetHost}'");
        }

        return reasons.Count == 0 ? $"certificate rejected ({errors})" : string.Join("; ", reasons.Distinct());
    }

    public static IEnumerable<string> DescribeChain(X509Certificate2 cert, X509ChainStatus[] statuses, DateTimeOffset now)
    {
        foreach (var status in statuses.Select(s => s.Status).Distinct())
        {
            yield return status switch
            {
                X509ChainStatusFlags.NotTimeValid when cert.NotAfter.ToUniversalTime() < now.UtcDateTime =>
                    $"expired on {cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
                X509ChainStatusFlags.NotTimeValid =>
                    $"not valid before {cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
                X509ChainStatusFlags.UntrustedRoot when IsSelfSigned(cert) => "self-signed certificate (not trusted)",
                X509ChainStatusFlags.UntrustedRoot => $"untrusted root certificate authority (issuer {cert.Issuer})",
                X509ChainStatusFlags.PartialChain => $"incomplete chain: the issuer '{cert.Issuer}' is unknown (missing intermediate certificate?)",
                X509ChainStatusFlags.Revoked => "the certificate is revoked",
                X509ChainStatusFlags.NotValidForUsage => "the certificate is not valid for server authentication",
                var other => $"chain error: {other}",
            };
        }
    }

    public static bool IsSelfSigned(X509Certificate2 cert) => cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);

    public static string Names(X509Certificate2 cert)
    {
        var dns = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return dns.Count > 0 ? string.Join(", ", dns.Select(n => $"'{n}'")) : $"'{cert.GetNameInfo(X509NameType.SimpleName, false)}'";
    }
}
