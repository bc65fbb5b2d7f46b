using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Configuration;

/// <summary>Every measurement an expect line reads (both sides, every alternative, inside len()) is checked at its column.</summary>
public class ExpectOperandTests
{
    private const string Header = "version: 1\nchecks:\n  - name: a\n    type: scripted\n    expect:\n";

    [Theory]
    [InlineData("      - value <= limit\n", "diag.yaml:6:18: 'limit' is not measured by scripted checks", "quote it: \"limit\"")]
    [InlineData("      - status == 200 or statuss == 204\n", "diag.yaml:6:26: 'statuss' is not measured by scripted checks", "did you mean 'status'")]
    [InlineData("      - len(jsn.items) > 1\n", "diag.yaml:6:13: 'jsn.items' is not measured by scripted checks", "")]
    [InlineData("      - value == len(jsn)\n", "diag.yaml:6:22: 'jsn' is not measured by scripted checks", "")]
    [InlineData("      - len(json.items) exists\n", "diag.yaml:6:25: invalid assertion: len(...) is a number", "")]
    [InlineData("      - warn: status == 200 or\n", "diag.yaml:6:29: invalid assertion: expected another assertion after 'or'", "")]
    [InlineData("      - \"status == 1 and latency < 2s\"\n", "diag.yaml:6:22: invalid assertion: trailing text after the value", "join alternatives with 'or'")]
    [InlineData("      - body !matches json.pattern\n", "diag.yaml:6:23: invalid assertion: '!matches' needs a regular expression written in the config", "")]
    public void A_bad_line_is_reported_at_the_column_of_the_problem(string line, string expected, string hint)
    {
        var errors = TestConfigs.Errors(Header + line).Select(e => e.ToString()).ToList();

        var error = Assert.Single(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(hint, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_operand_of_a_file_is_reported_at_once()
    {
        var errors = TestConfigs.Errors(Header + "      - valu == 1 or statu == 2\n      - value <= limt\n");

        Assert.Equal([(6, 9), (6, 22), (7, 18)], errors.Select(e => (e.Mark.Line, e.Mark.Column)));
    }

    [Fact]
    public void The_extended_forms_validate()
    {
        var errors = TestConfigs.Errors(Header + """
                  - json.items[-1] == 3
                  - json["a]b"]["c[d"] == "x"
                  - len(json.items) >= 3
                  - status == 200 or status == 204
                  - value <= json.limit
                  - warn: json.name !matches "^x" or len(json.name) < 3
            """);

        Assert.Empty(errors);
    }
}
