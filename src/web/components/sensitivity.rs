use crate::lang::Lang;
use crate::texts::{NumberFormat, Ui};
use crate::web::intl::Intl;
use crate::whatif::Sensitivity;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SensitivityProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub grid: Sensitivity,
}

/// The cell's colour class: red for a loss, green for a gain, in five steps of
/// strength (classes, not inline styles: the page's CSP allows no inline style).
fn shade(roi: f64, scale: f64) -> String {
    let step = 1 + ((roi.abs() / scale).min(1.0) * 4.0).round() as u8;
    format!("shade-{}{step}", if roi < 0.0 { "loss" } else { "gain" })
}

/// ROI over a grid of CPL × conversion rate, from loss to gain, the current cell marked.
#[component]
pub fn SensitivityTable(props: &SensitivityProps) -> Html {
    let lang = props.lang;
    let f = &*props.intl;
    let g = &props.grid;
    let scale = g.roi.iter().flatten().fold(1.0f64, |m, v| m.max(v.abs()));
    html! {
        <div class="sensitivity" data-testid="sensitivity">
            <h3 id="sensitivity-title">{ Ui::Sensitivity.text(lang) }</h3>
            <p class="help">{ Ui::SensitivityHelp.text(lang) }</p>
            <p class="scroll-hint" data-testid="scroll-hint">{ Ui::ScrollSideways.text(lang) }</p>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="sensitivity-title">
                    <thead>
                        <tr>
                            <th scope="col">{ format!("{} ↓  {} →", Ui::CostPerLead.text(lang), Ui::ConversionRatePct.text(lang)) }</th>
                            { for g.conversion_rates.iter().map(|r| html! { <th scope="col">{ f.percent(*r) }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for g.cpls.iter().enumerate().map(|(i, cpl)| html! {
                            <tr>
                                <th scope="row">{ f.money(*cpl) }</th>
                                { for g.roi[i].iter().enumerate().map(|(j, roi)| {
                                    let current = i == g.current && j == g.current;
                                    html! {
                                        <td class={classes!(current.then_some("current"), shade(*roi, scale))}
                                            data-value={roi.to_string()}
                                            aria-current={current.then_some("true")}
                                            title={current.then(|| Ui::Current.text(lang).to_string())}>
                                            { f.percent(*roi) }
                                            if current { <span class="visually-hidden">{ format!(" ({})", Ui::Current.text(lang)) }</span> }
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
