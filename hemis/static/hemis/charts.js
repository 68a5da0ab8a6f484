// Draws every chart on the page from the Vega-Lite specification embedded next to it
// (see hemis/core/charts.py). The same specification is drawn into PDFs on the server.
document.addEventListener("DOMContentLoaded", () => {
  for (const canvas of document.querySelectorAll("[data-chart-spec]")) {
    const source = document.getElementById(canvas.dataset.chartSpec);
    if (!source) continue;
    const spec = JSON.parse(source.textContent);
    // Under the Content-Security-Policy (no 'unsafe-eval') Vega's expressions are interpreted,
    // not compiled with `Function`; vega-embed's and vega-tooltip's stylesheets would be inline
    // styles (the charts have no tooltips: the table beside each chart gives its values).
    const options = {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: false,
    };
    vegaEmbed(canvas, spec, options).then((result) => {
      // The drawing is described by the canvas's label and the table beside it.
      const svg = result.view.container().querySelector("svg");
      if (svg) svg.setAttribute("aria-hidden", "true");
    }).catch((error) => {
      canvas.textContent = canvas.getAttribute("aria-label");
      console.error(error);
    });
  }
});
