//! The plumbing of the page's on-demand Web Workers (the workbook reader, the
//! `.xlsx` writer): each answers every message with one reply, and says `{ready:
//! true}` first, since messages posted before its wasm runs are lost.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Answers each message the worker receives with `answer(data)`, for as long as the
/// worker lives; then says it is ready.
pub fn serve(answer: impl Fn(JsValue) -> Object + 'static) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let _ = reply_to.post_message(&answer(e.data()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &JsValue::from_str("ready"), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

/// As [`serve`], for answers that take awaiting: each message's answer is posted
/// when `answer(data)` completes.
pub fn serve_async<F>(answer: impl Fn(JsValue) -> F + 'static)
where
    F: std::future::Future<Output = Object> + 'static,
{
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let (reply_to, reply) = (reply_to.clone(), answer(e.data()));
        wasm_bindgen_futures::spawn_local(async move {
            let _ = reply_to.post_message(&reply.await.into());
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &JsValue::from_str("ready"), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}
