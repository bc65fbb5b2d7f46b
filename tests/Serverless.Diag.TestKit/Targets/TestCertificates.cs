using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Diag.TestKit.Targets;

/// <summary>Server certificates made on the spot with <see cref="CertificateRequest"/>: self-signed, expired, for another name.</summary>
public static class TestCertificates
{
    /// <summary>Self-signed, valid now, for <c>localhost</c> and 127.0.0.1.</summary>
    public static X509Certificate2 SelfSigned() => Create(["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(-1), TimeSpan.FromDays(30));

    /// <summary>Self-signed, for localhost and 127.0.0.1, expired yesterday.</summary>
    public static X509Certificate2 Expired() => Create(["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(-60), TimeSpan.FromDays(-1));

    /// <summary>Self-signed, valid now, for <c>wrong.example</c> only.</summary>
    public static X509Certificate2 WrongHost() => Create(["wrong.example"], [], TimeSpan.FromDays(-1), TimeSpan.FromDays(30));

    public static X509Certificate2 Create(IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, TimeSpan notBefore, TimeSpan notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now + notBefore, now + notAfter);
        // A PKCS#12 round trip gives a key that SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
