using Serverless.Diag.Probes.Metrics.Exposition;
using Serverless.Diag.TestKit;

namespace Serverless.Diag.Tests.Observability;

public class ExpositionParserTests
{
    private static readonly string Example = ReferencePayloads.Read("Prometheus/Payloads/exposition-example.prometheus-docs.txt");

    [Fact]
    public void Reads_every_sample_of_the_reference_example()
    {
        var document = ExpositionParser.Parse(Example);

        Assert.Equal(2 + 1 + 1 + 1 + 8 + 7, document.Samples.Count);
        var post400 = Assert.Single(document.Samples, s => s.Name == "http_requests_total" && s.Labels["code"] == "400");
        Assert.Equal(3, post400.Value);
        Assert.Equal(1395066363000, post400.TimestampMs);
        Assert.Equal("post", post400.Labels["method"]);
        Assert.Equal(12.47, Assert.Single(document.Samples, s => s.Name == "metric_without_timestamp_and_labels").Value);
    }

    [Fact]
    public void Unescapes_label_values()
    {
        var sample = Assert.Single(ExpositionParser.Parse(Example).Samples, s => s.Name == "msdos_file_access_time_seconds");

        Assert.Equal(@"C:\DIR\FILE.TXT", sample.Labels["path"]);
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", sample.Labels["error"]);
        Assert.Equal(1.458255915e9, sample.Value);
        Assert.Null(sample.TimestampMs);
    }

    [Fact]
    public void Reads_infinity_and_a_negative_timestamp()
    {
        var sample = Assert.Single(ExpositionParser.Parse(Example).Samples, s => s.Name == "something_weird");

        Assert.Equal(double.PositiveInfinity, sample.Value);
        Assert.Equal(-3982045, sample.TimestampMs);
        Assert.Equal("division by zero", sample.Labels["problem"]);
    }

    [Fact]
    public void Knows_histogram_and_summary_families_from_their_type_lines()
    {
        var document = ExpositionParser.Parse(Example);

        Assert.Equal(MetricType.Histogram, document.FamilyOf("http_request_duration_seconds_bucket")?.Type);
        Assert.Equal(MetricType.Histogram, document.FamilyOf("http_request_duration_seconds_count")?.Type);
        Assert.Equal(MetricType.Summary, document.FamilyOf("rpc_duration_seconds_sum")?.Type);
        Assert.Equal(MetricType.Counter, document.FamilyOf("http_requests_total")?.Type);
        Assert.Equal("A histogram of the request duration.", document.Families["http_request_duration_seconds"].Help);
        Assert.Null(document.FamilyOf("metric_without_timestamp_and_labels"));
        var buckets = document.Samples.Where(s => s.Name == "http_request_duration_seconds_bucket").ToList();
        Assert.Equal(["0.05", "0.1", "0.2", "0.5", "1", "+Inf"], buckets.Select(b => b.Labels["le"]));
        Assert.Equal(0.99, double.Parse(document.Samples.First(s => s.Name == "rpc_duration_seconds" && s.Value == 76656).Labels["quantile"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("a NaN", double.NaN)]
    [InlineData("a -Inf", double.NegativeInfinity)]
    [InlineData("a +inf", double.PositiveInfinity)]
    [InlineData("a 1e-3", 0.001)]
    [InlineData("a{} 7", 7.0)]
    [InlineData("a{b=\"c\",} 7", 7.0)]
    [InlineData("a { b = \"c\" } 7", 7.0)]
    [InlineData("a\t7\t123", 7.0)]
    [InlineData("name:with:colons 2", 2.0)]
    public void Accepts_the_formats_variants(string line, double value)
    {
        var sample = Assert.Single(ExpositionParser.Parse(line + "\n").Samples);

        Assert.Equal(value, sample.Value);
    }

    [Fact]
    public void Accepts_crlf_line_ends_comments_and_help_escapes()
    {
        var document = ExpositionParser.Parse("# just a comment\r\n# HELP a Line one\\nwith \\\\ backslash\r\n# TYPE a gauge\r\na 1\r\n");

        Assert.Equal("Line one\nwith \\ backslash", document.Families["a"].Help);
        Assert.Equal(MetricType.Gauge, document.Families["a"].Type);
        Assert.Equal(1, Assert.Single(document.Samples).Value);
    }

    [Theory]
    [InlineData("a", 1, "missing value")]
    [InlineData("a{b=\"c\"}", 1, "missing value")]
    [InlineData("a one", 1, "invalid value 'one'")]
    [InlineData("a 1 12.5", 1, "invalid timestamp")]
    [InlineData("a 1 2 3", 1, "unexpected text")]
    [InlineData("ok 1\n2a 1", 2, "invalid metric name")]
    [InlineData("a{b=\"c} 1", 1, "unterminated label value")]
    [InlineData("a{b=c} 1", 1, "expected '\"'")]
    [InlineData("a{b=\"c\" d=\"e\"} 1", 1, "expected ',' or '}'")]
    [InlineData("a{b=\"c\",b=\"d\"} 1", 1, "label b appears twice")]
    [InlineData("a{b=\"\\x\"} 1", 1, "invalid escape")]
    [InlineData("a{1b=\"c\"} 1", 1, "invalid label name")]
    [InlineData("a{b=\"c\"", 1, "expected ',' or '}'")]
    [InlineData("\n\n# TYPE a countr\na 1", 3, "unknown metric type 'countr'")]
    [InlineData("# TYPE a counter\n# TYPE a gauge", 2, "second TYPE line")]
    [InlineData("a 1\n# TYPE a counter", 2, "after its samples")]
    [InlineData("# HELP a x\n# HELP a y", 2, "second HELP line")]
    [InlineData("a{b=\"c\"} 1\na{b=\"c\"} 2", 2, "duplicate sample")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"x\"} 1", 2, "numeric 'le'")]
    [InlineData("# TYPE h histogram\nh_bucket 1", 2, "numeric 'le'")]
    [InlineData("# TYPE s summary\ns 1", 2, "numeric 'quantile'")]
    public void Refuses_malformed_lines_naming_the_line(string text, int line, string message)
    {
        var error = Assert.Throws<ExpositionFormatException>(() => ExpositionParser.Parse(text));

        Assert.Equal(line, error.LineNumber);
        Assert.StartsWith($"line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_fails_with_anything_but_a_format_error_on_mangled_input()
    {
        // Every truncation and every one-character corruption of the reference example.
        var random = new Random(7);
        var alphabet = "{}\"\\=, \n#+-.eE0aZ_:\t";
        var inputs = Enumerable.Range(0, Example.Length).Select(i => Example[..i])
            .Concat(Enumerable.Range(0, 3000).Select(_ =>
            {
                var chars = Example.ToCharArray();
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                return new string(chars);
            }));
        foreach (var input in inputs)
        {
            try
            {
                ExpositionParser.Parse(input);
            }
            catch (ExpositionFormatException)
            {
            }
        }
    }
}
