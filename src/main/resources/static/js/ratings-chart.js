// The console's ratings comparison: a bar chart of each offering's average overall score and satisfaction rate,
// drawn with ECharts from the JSON in the chart element's data-chart attribute.
document.addEventListener('DOMContentLoaded', () => {
  const el = document.getElementById('ratings-chart');
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.dataset.chart);
  const chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: data.labels },
    grid: { left: 40, right: 40, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 6 ? 30 : 0 } },
    yAxis: [{ type: 'value', min: 0, max: 5, name: data.labels[0] }, { type: 'value', min: 0, max: 100, name: '%' }],
    series: [
      { name: data.labels[0], type: 'bar', data: data.average },
      { name: data.labels[1], type: 'bar', yAxisIndex: 1, data: data.satisfaction }
    ]
  });
  window.addEventListener('resize', () => chart.resize());
});
