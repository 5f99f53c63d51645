using System.CommandLine;
using Spectre.Console;
using Transports.Harness.Catalog;

namespace Transports.Harness.Cli;

/// <summary><c>harness list</c>: the scenarios, and the transports with their capabilities and whether they can run here.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List scenarios and transports (capabilities, availability on this machine)");
        command.SetAction(_ =>
        {
            var scenarios = new Table().Border(TableBorder.Rounded).AddColumn("scenario").AddColumn("what it measures");
            foreach (var s in ScenarioCatalog.All) scenarios.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Description));
            AnsiConsole.Write(scenarios);
            var transports = new Table().Border(TableBorder.Rounded).AddColumn("transport").AddColumn("capabilities").AddColumn("available here").AddColumn("implementation");
            foreach (var f in TransportCatalog.All)
            {
                var availability = f.CheckAvailability();
                string capabilities;
                try
                {
                    var t = f.Create(Transports.Abstractions.OptionValues.Empty);
                    capabilities = t.Capabilities.ToString();
                    t.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    capabilities = $"({e.Message})";
                }
                transports.AddRow(Markup.Escape(f.Name), Markup.Escape(capabilities),
                    availability.IsAvailable ? "[green]yes[/]" : $"[red]no[/]: {Markup.Escape(availability.Reason ?? "")}", Markup.Escape(f.Description));
            }
            AnsiConsole.Write(transports);
            return 0;
        });
        return command;
    }
}
