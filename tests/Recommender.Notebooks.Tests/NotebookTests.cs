namespace Recommender.Notebooks.Tests;

/// <summary>A notebook's command line: the options every notebook takes, and a notebook that reads no data folder.</summary>
public sealed class NotebookTests
{
    [Fact]
    public async Task A_notebook_that_reads_no_data_folder_refuses_data_as_an_unknown_option()
    {
        var ran = false;
        var exit = await Notebook.RunAsync("00-test", ["--data", "data-samples"], [], _ =>
        {
            ran = true;
            return Task.CompletedTask;
        }, readsData: false);

        Assert.Equal(2, exit);
        Assert.False(ran);
    }

    [Fact]
    public async Task A_notebook_rejects_an_option_it_does_not_declare()
    {
        var ran = false;
        var exit = await Notebook.RunAsync("00-test", ["--no-such-option", "1"], _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.Equal(2, exit);
        Assert.False(ran);
    }
}
