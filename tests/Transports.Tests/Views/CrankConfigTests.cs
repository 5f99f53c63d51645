using Transports.Harness.Cli;
using Transports.Tests.Report;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Transports.Tests.Views;

/// <summary>benchmarks/crank/transports.yml: every scenario's command line, with crank's variables substituted as crank
/// does (scenario variables over global ones), is one the harness accepts, and asks for the statistics block.</summary>
public class CrankConfigTests
{
    [Fact]
    public void Every_crank_scenario_is_a_valid_harness_command_that_prints_the_statistics_block()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(ReportFixtures.RepositoryRoot(), "benchmarks", "crank", "transports.yml")))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var globals = Map((YamlMappingNode)root["variables"]);
        // the local profile's variables (e.g. serverAddress) complete the two-job form's command lines
        foreach (var (k, v) in Map((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["profiles"])["local"])["variables"])) globals[k] = v;
        var jobs = (YamlMappingNode)root["jobs"];
        var scenarios = (YamlMappingNode)root["scenarios"];
        Assert.NotEmpty(scenarios.Children);
        var cli = new HarnessCli();
        foreach (var (name, node) in scenarios.Children)
        {
            var application = (YamlMappingNode)((YamlMappingNode)node)["application"];
            var job = (YamlMappingNode)jobs[((YamlScalarNode)application["job"]).Value!];
            var variables = new Dictionary<string, string>(globals);
            foreach (var (k, v) in Map((YamlMappingNode)application["variables"])) variables[k] = v;
            var line = ((YamlScalarNode)job["arguments"]).Value!;
            foreach (var (k, v) in variables) line = line.Replace("{{" + k + "}}", v, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", line);
            var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("-crank", args);
            var request = cli.ToRequest(args); // throws UsageException on anything the harness would refuse
            Assert.Equal(((YamlScalarNode)name).Value!.Replace("-one-host", ""), request.Scenario.Name);
            Assert.True(request.CrankStatistics);
            var scenario = (YamlMappingNode)node;
            if (scenario.Children.ContainsKey("agent"))
            {
                // the two-job form: the client runs against the agent job, which serves on the port the client names
                Assert.NotNull(request.Server);
                var agentJob = (YamlMappingNode)jobs[((YamlScalarNode)((YamlMappingNode)scenario["agent"])["job"]).Value!];
                var serve = ((YamlScalarNode)agentJob["arguments"]).Value!;
                foreach (var (k, v) in variables) serve = serve.Replace("{{" + k + "}}", v, StringComparison.Ordinal);
                Assert.Equal(["serve", "-listen", $"0.0.0.0:{request.Server!.Endpoint.Port}", "-token", request.Server.Token], serve.Split(' '));
                Assert.Equal("agent listening on", ((YamlScalarNode)agentJob["readyStateText"]).Value);
                Assert.True(System.Text.Encoding.UTF8.GetByteCount(request.Server.Token) >= 16);
            }
            else Assert.Null(request.Server);
        }
        Assert.Contains(scenarios.Children.Values, n => ((YamlMappingNode)n).Children.ContainsKey("agent"));
    }

    private static Dictionary<string, string> Map(YamlMappingNode node)
        => node.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "");
}
