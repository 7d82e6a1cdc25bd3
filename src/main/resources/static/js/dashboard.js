// The dashboard components (templates/dashboard/components.html): draws every chart from its data-chart attribute
// ({kind: 'bar' | 'line', unit: '', labels: [...], values: [...]}), rendered by the server from the view-model
// org.kehou.shared.dashboard.Chart. Used by the supervision dashboard and the service platform's statistics.
document.addEventListener('DOMContentLoaded', () => {
  if (!window.echarts) return;
  document.querySelectorAll('.dashboard-chart[data-chart]').forEach((el) => {
    const data = JSON.parse(el.getAttribute('data-chart'));
    const chart = window.echarts.init(el);
    const unit = data.unit || '';
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (v) => v + unit },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: data.labels, axisLabel: { interval: data.kind === 'bar' ? 0 : 'auto', rotate: data.labels.length > 8 ? 30 : 0 } },
      yAxis: unit === '%' ? { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } } : { type: 'value', minInterval: 1 },
      series: [{
        type: data.kind,
        data: data.values,
        smooth: data.kind === 'line',
        itemStyle: { color: '#1f6feb' }
      }]
    });
    window.addEventListener('resize', () => chart.resize());
  });
});
