// The survey results page: draws each question's chart (ECharts) from its data-chart attribute
// ({type: 'pie' | 'bar', labels: [...], values: [...]}), rendered by the server.
document.addEventListener('DOMContentLoaded', () => {
  if (!window.echarts) return;
  document.querySelectorAll('.survey-chart[data-chart]').forEach((el) => {
    const data = JSON.parse(el.getAttribute('data-chart'));
    const chart = window.echarts.init(el);
    if (data.type === 'pie') {
      chart.setOption({
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        series: [{ type: 'pie', radius: '65%', data: data.labels.map((l, i) => ({ name: l, value: data.values[i] })) }]
      });
    } else {
      chart.setOption({
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 16, bottom: 40 },
        xAxis: { type: 'category', data: data.labels, axisLabel: { interval: 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: data.values, itemStyle: { color: '#1f6feb' } }]
      });
    }
    window.addEventListener('resize', () => chart.resize());
  });
});
