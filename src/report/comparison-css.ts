/** The look of the comparison's HTML page: one stylesheet, inlined so the page needs no network. */
export const COMPARISON_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232b;margin:0 auto;max-width:1280px;padding:24px}
h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 4px;border-bottom:1px solid #d5dae1;padding-bottom:4px}
ul.notes{background:#fff7e0;border:1px solid #f0d890;border-radius:4px;padding:8px 8px 8px 28px}
.summary{margin:4px 0}.desc{color:#586170;margin:0 0 8px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d5dae1;padding:4px 10px;vertical-align:top}
th{background:#f2f4f7;text-align:left}td{text-align:right}td:first-child{text-align:left;color:#3b4452}
th.overloaded{background:#fde4e4}
.best{color:#0b7a32;font-weight:bold}strong{color:#0b7a32}.below{color:#b3261e}
.footnote,.note{color:#586170;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;margin-top:12px}
figure{margin:0;border:1px solid #e3e7ec;border-radius:4px;padding:8px}
.chart{position:relative;height:320px}figcaption{font-size:12px;margin-top:6px}
.frontiers{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-top:12px}
.frontiers figure.main{grid-column:1/-1}.frontiers .chart{height:440px}.frontiers .chart.tall{height:480px}
button.export{float:right;font-size:12px;margin-left:8px;padding:2px 8px;border:1px solid #c3cad4;border-radius:3px;background:#f7f8fa;cursor:pointer}
`;
