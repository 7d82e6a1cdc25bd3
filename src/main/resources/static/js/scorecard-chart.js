// A provider's scorecard: a bar chart of the average overall score and per rating criterion (1–5), drawn with
// ECharts from the JSON in the chart element's data-chart attribute.
document.addEventListener('DOMContentLoaded', () => {
  const el = document.getElementById('scorecard-chart');
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.dataset.chart);
  const chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: data.names },
    yAxis: { type: 'value', min: 0, max: 5, name: data.label },
    series: [{ name: data.label, type: 'bar', data: data.values }]
  });
  window.addEventListener('resize', () => chart.resize());
});
