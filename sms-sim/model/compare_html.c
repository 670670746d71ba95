/*
 * `sms-sim estimate --format html`: one self-contained page (inline CSS
 * and SVG, no scripts, nothing loaded) for a product team: the loss per
 * period without and with the policy's controls as bars, the p5-p95 range
 * as whiskers, the mean as a tick and the budget figure as a line.
 */
#include <stdio.h>

#include "sms-sim/model/compare.h"

#define W 680
#define LEFT 130
#define PLOT (W - LEFT - 40)

static void
esc(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

static double
x_of(double v, double max)
{
	return LEFT + (max > 0 ? v / max * PLOT : 0);
}

static void
bar(FILE *fp, const struct aa_sms_estimate *e, const char *label, int y,
    double max, const char *fill)
{
	double x0 = x_of(0, max), x = x_of(e->loss, max);

	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
	    LEFT - 8, y + 20, label);
	fprintf(fp, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"28\" "
	    "fill=\"%s\"><title>%s: expected $%.2f</title></rect>", x0, y,
	    x - x0, fill, label, e->loss);
	/* The Monte Carlo range and mean. */
	fprintf(fp, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
	    "stroke=\"#212121\" stroke-width=\"2\"><title>p5 $%.0f to p95 "
	    "$%.0f</title></line>", x_of(e->mc_p5, max), x_of(e->mc_p95, max),
	    y + 14, y + 14, e->mc_p5, e->mc_p95);
	fprintf(fp, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
	    "stroke=\"#212121\" stroke-width=\"2\"/>", x_of(e->mc_p95, max),
	    x_of(e->mc_p95, max), y + 6, y + 22);
	fprintf(fp, "<rect x=\"%.1f\" y=\"%d\" width=\"4\" height=\"20\" "
	    "fill=\"#ffffff\" stroke=\"#212121\"><title>mean $%.0f</title>"
	    "</rect>", x_of(e->mc_mean, max) - 2, y + 4, e->mc_mean);
	fprintf(fp, "<text x=\"%.1f\" y=\"%d\">$%.0f</text>\n",
	    x_of(e->mc_p95, max) + 6, y + 20, e->loss);
}

static void
chart(FILE *fp, const struct aa_sms_compare *c)
{
	double max = c->before.mc_p95, budget = aa_sms_compare_budget(c);

	if (c->before.loss > max)
		max = c->before.loss;
	if (c->after.mc_p95 > max)
		max = c->after.mc_p95;
	if (max <= 0)
		max = 1;
	max *= 1.15; /* room for the labels */
	fprintf(fp, "<svg role=\"img\" width=\"%d\" height=\"130\" "
	    "viewBox=\"0 0 %d 130\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title>SMS-pumping loss per %s without and with the controls"
	    "</title>\n", W, W, c->per);
	bar(fp, &c->before, "no controls", 8, max, "#e53935");
	bar(fp, &c->after, "your controls", 48, max, "#1a7f37");
	fprintf(fp, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" y2=\"84\" "
	    "stroke=\"#1e88e5\" stroke-dasharray=\"4 3\"><title>budget (p95 "
	    "with your controls) $%.0f</title></line>", x_of(budget, max),
	    x_of(budget, max), budget);
	fprintf(fp, "<line x1=\"%d\" x2=\"%d\" y1=\"92\" y2=\"92\" "
	    "stroke=\"#9e9e9e\"/><text x=\"%d\" y=\"110\">$0</text>"
	    "<text x=\"%d\" y=\"110\" text-anchor=\"end\">$%.0f per %s</text>"
	    "<text x=\"%d\" y=\"126\" fill=\"#1e88e5\">dashed: budget $%.0f"
	    "; bar: expected; whisker: p5-p95; white tick: mean</text>\n"
	    "</svg>\n", LEFT, LEFT + PLOT, LEFT, LEFT + PLOT, max / 1.15,
	    c->per, LEFT, budget);
}

int
aa_sms_compare_html(const struct aa_sms_compare *c, const char *name,
    const char *prices, FILE *fp)
{
	const struct aa_sms_estimate *a = &c->after, *b = &c->before;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><title>SMS-pumping estimate: ", fp);
	esc(fp, name);
	fputs("</title><style>body{font:15px/1.45 system-ui,sans-serif;"
	    "max-width:50em;margin:2em auto;padding:0 1em;color:#1d1d1f}"
	    "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:"
	    "1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child,"
	    "td:first-child{text-align:left}.budget{border-left:4px solid "
	    "#1e88e5;padding:.4em .8em;background:#eef5fc}svg{max-width:100%;"
	    "height:auto;font-size:13px}</style></head><body>\n"
	    "<h1>SMS-pumping estimate: ", fp);
	esc(fp, name);
	fprintf(fp, "</h1>\n<p>Per %s (%.1f days; the model runs over that "
	    "period). Prices: ", c->per, c->days);
	esc(fp, prices);
	fputs(". Method and assumptions: docs/SMS-LOSS-MODEL.md.</p>\n", fp);
	chart(fp, c);
	fprintf(fp, "<p class=\"budget\"><strong>Budget $%.0f per %s</strong>, "
	    "the p95 with your controls: the loss stayed at or below it in "
	    "95%% of the %u simulated %ss. Expected ($%.2f) is the figure "
	    "at the stated assumptions: compare policies with it. The mean "
	    "($%.0f) averages a skewed range: budget neither.</p>\n",
	    aa_sms_compare_budget(c), c->per, a->runs, c->per, a->loss,
	    a->mc_mean);
	fprintf(fp, "<table><tr><th></th><th>no controls</th><th>your controls"
	    "</th></tr>\n<tr><td>expected loss</td><td>$%.2f</td><td>$%.2f"
	    "</td></tr>\n<tr><td>mean</td><td>$%.0f</td><td>$%.0f</td></tr>\n"
	    "<tr><td>p5 - p95</td><td>$%.0f - $%.0f</td><td>$%.0f - $%.0f"
	    "</td></tr>\n<tr><td>fraudulent sends</td><td>%.0f</td><td>%.0f"
	    "</td></tr>\n<tr><td>binding</td><td>%s</td><td>%s</td></tr>\n"
	    "</table>\n", b->loss, a->loss, b->mc_mean, a->mc_mean, b->mc_p5,
	    b->mc_p95, a->mc_p5, a->mc_p95, b->sends, a->sends, b->binding,
	    a->binding);
	fputs("<h2>Per country, your controls</h2>\n<table><tr><th>country"
	    "</th><th>USD per segment</th><th>sends</th><th>loss USD</th>"
	    "<th>binding</th></tr>\n", fp);
	for (size_t g = 0; g < a->nc; g++)
		fprintf(fp, "<tr><td>%s</td><td>%.4f</td><td>%.0f</td><td>%.2f"
		    "</td><td>%s</td></tr>\n", a->c[g].iso, a->c[g].price,
		    a->c[g].sends, a->c[g].loss, a->c[g].binding);
	fprintf(fp, "</table>\n<p>Largest single cut: %s (", a->best_control);
	esc(fp, a->best_setting);
	fprintf(fp, ") leaves $%.2f per %s.</p>\n</body></html>\n",
	    a->best_loss, c->per);
	return ferror(fp) ? AA_ERR_IO : AA_OK;
}
